import { expect, test } from "@playwright/test";
import { chromiumLaunchOptions } from "../../playwright.config";
import { espeakAvailable, spokenWav } from "../fixtures/audio/make";
import { InterviewPage } from "../pages/interview-page";
import { QuestionsPage } from "../pages/questions-page";
import { FACTORY_QUESTION_ID, STRONG_FACTORY_ANSWER } from "./answers";

/**
 * Speaking an answer, end to end: Chromium's fake microphone plays a WAV made by espeak-ng, the
 * browser records it, /api/transcribe sends it to the fake OpenAI-compatible server (the "llm"
 * project), delivery metrics appear, the candidate edits the transcript, sends it, and it is graded.
 * The fake server answers every transcription with its default text.
 */
const FAKE_TRANSCRIPT = "This is a fake transcript of the spoken answer.";
const HAS_ESPEAK = espeakAvailable();
const wav = HAS_ESPEAK
  ? spokenWav(
      "factory-answer",
      "um so the application factory pattern means you create the flask app inside a create app function and register blueprints there",
    )
  : "";

// On CI espeak-ng is installed by .ci/run: a missing one there is a failure, not a skip.
test.skip(!HAS_ESPEAK && !process.env.CI, "espeak-ng is not installed (apt-get install espeak-ng): no speech for the fake microphone");
test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${wav}`],
  },
  permissions: ["microphone"],
});

test.beforeEach(async ({ page }) => {
  // Chromium's own recogniser needs Google's servers; record and transcribe on our server instead.
  await page.addInitScript(() => window.localStorage.setItem("rehearse:voice", JSON.stringify({ preferServer: true })));
});

test("a spoken answer is transcribed, measured, edited, sent and graded", async ({ page }) => {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await questions.practiseThisOne();
  const interview = new InterviewPage(page);

  const mic = page.getByTestId("mic-button");
  await mic.click();
  await expect(page.getByTestId("recording-timer")).toBeVisible();
  await expect(page.getByTestId("recording-timer")).toContainText("0:02");
  const transcribed = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/transcribe" && r.request().method() === "POST");
  await mic.click();
  expect((await transcribed).status()).toBe(200);

  await expect(interview.answerBox).toHaveValue(FAKE_TRANSCRIPT);
  const panel = page.getByTestId("voice-answer").getByTestId("delivery-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("delivery-duration")).toContainText("words");
  await expect(panel).toContainText("never changes your content score");

  // The candidate corrects the transcript before sending; the original travels beside it.
  await interview.answerBox.fill(STRONG_FACTORY_ANSWER);
  const chat = page.waitForRequest((r) => new URL(r.url()).pathname === "/api/chat" && r.method() === "POST");
  await interview.untilReplied(() => interview.sendButton.click());
  const body = (await chat).postDataJSON() as { message: { parts: Array<{ text: string }>; metadata: { voice?: { transcript: string } } } };
  expect(body.message.parts[0]?.text).toBe(STRONG_FACTORY_ANSWER);
  expect(body.message.metadata.voice?.transcript).toBe(FAKE_TRANSCRIPT);

  await expect(interview.lastFeedback().score).toHaveText(/^\d+\/10$/);
  await expect(page.getByTestId("candidate-message").last()).toContainText("application factory pattern");
  await expect(page.getByRole("list", { name: "Interview conversation" }).getByTestId("delivery-panel")).toHaveCount(1);

  // Stored with the answer: after a reload the delivery panel is still beside it.
  await page.reload();
  await expect(page.getByRole("list", { name: "Interview conversation" }).getByTestId("delivery-panel")).toHaveCount(1);
});

test("a failed transcription keeps the recording and offers a retry", async ({ page }) => {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await questions.practiseThisOne();
  // The provider failing looks like our route answering 502.
  let failures = 1;
  await page.route("**/api/transcribe", async (route) => {
    if (route.request().method() === "POST" && failures-- > 0) {
      await route.fulfill({
        status: 502,
        json: {
          error: {
            code: "bad_gateway:audio",
            message: "Transcription failed (the service answered 500). Your recording is kept: try again, or type your answer.",
          },
        },
      });
    } else await route.continue();
  });

  const mic = page.getByTestId("mic-button");
  await mic.click();
  await expect(page.getByTestId("recording-timer")).toContainText("0:01");
  await mic.click();
  await expect(page.getByTestId("voice-error")).toContainText("Your recording is kept");
  await page.getByTestId("transcribe-retry").click();
  await expect(page.getByTestId("answer-box")).toHaveValue(FAKE_TRANSCRIPT);
});
