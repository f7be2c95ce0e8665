import { expect, test, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../../playwright.config";
import { InterviewPage } from "../pages/interview-page";
import { QuestionsPage } from "../pages/questions-page";
import { FACTORY_QUESTION_ID } from "./answers";

/**
 * Speaking an answer through the browser's own recogniser, on the offline server (no server
 * transcription). Chromium's recogniser needs Google's servers, so a stand-in replaces it: the test
 * says what it "hears" and when it ends. The microphone is Chromium's fake device.
 */
test.use({
  launchOptions: { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"] },
  permissions: ["microphone"],
});

const SPOKEN = "um so the application factory pattern means you create the flask app inside a create app function";

declare global {
  interface Window {
    /** The stand-in recogniser the page started last. */
    heardBy?: { onresult: ((event: unknown) => void) | null; onerror: ((event: { error: string }) => void) | null; onend: (() => void) | null };
  }
}

/** Replace the Web Speech API with a stand-in that only hears what the test tells it. */
async function fakeRecogniser(page: Page) {
  await page.addInitScript(() => {
    class StandIn {
      continuous = false;
      interimResults = false;
      lang = "";
      onresult: ((event: unknown) => void) | null = null;
      onerror: ((event: { error: string }) => void) | null = null;
      onend: (() => void) | null = null;
      start() {
        window.heardBy = this;
      }
      stop() {
        setTimeout(() => this.onend?.(), 0);
      }
      abort() {
        this.stop();
      }
    }
    for (const name of ["SpeechRecognition", "webkitSpeechRecognition"])
      Object.defineProperty(window, name, { value: StandIn, configurable: true, writable: true });
  });
}

async function openFactoryQuestion(page: Page) {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await questions.practiseThisOne();
  return new InterviewPage(page);
}

test("a live-recognised answer shows the words while speaking, then goes to the answer box with its delivery", async ({ page }) => {
  await fakeRecogniser(page);
  const interview = await openFactoryQuestion(page);
  const mic = page.getByTestId("mic-button");
  await mic.click();
  await expect(page.getByTestId("live-transcript")).toContainText("Listening");

  await page.evaluate((text) => {
    window.heardBy?.onresult?.({ resultIndex: 0, results: { length: 1, 0: { isFinal: true, length: 1, 0: { transcript: text } } } });
  }, SPOKEN);
  await expect(page.getByTestId("live-transcript")).toHaveText(SPOKEN);

  const measured = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/transcribe/delivery");
  await mic.click();
  expect((await measured).status()).toBe(200);
  await expect(interview.answerBox).toHaveValue(SPOKEN);
  const panel = page.getByTestId("voice-answer").getByTestId("delivery-panel");
  await expect(panel.getByTestId("delivery-fillers")).toContainText("um");
  await expect(page.getByTestId("voice-error")).toHaveCount(0);
});

test("when the browser's recogniser fails before hearing anything, the candidate is told and can type", async ({ page }) => {
  await fakeRecogniser(page);
  await openFactoryQuestion(page);
  const mic = page.getByTestId("mic-button");
  await mic.click();
  await expect(page.getByTestId("live-transcript")).toBeVisible();
  await page.evaluate(() => {
    window.heardBy?.onerror?.({ error: "network" });
    window.heardBy?.onend?.();
  });
  await expect(page.getByTestId("voice-error")).toContainText("speech recognition failed (network)");
  // This server does not transcribe, so there is no server transcription to suggest or choose.
  await expect(page.getByTestId("voice-error")).not.toContainText("server transcription");
  await expect(page.getByTestId("setting-prefer-server")).toHaveCount(0);
  await expect(mic).toHaveText("Speak your answer");
});

test("without a recogniser in the browser or on the server, the page says to type", async ({ page }) => {
  await page.addInitScript(() => {
    for (const name of ["SpeechRecognition", "webkitSpeechRecognition"])
      Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
  });
  await openFactoryQuestion(page);
  await expect(page.getByTestId("voice-unavailable")).toBeVisible();
  await expect(page.getByTestId("mic-button")).toHaveCount(0);
});
