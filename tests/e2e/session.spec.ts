import { expect, test } from "@playwright/test";
import { HomePage } from "../pages/home-page";
import { InterviewPage } from "../pages/interview-page";
import { QuestionsPage } from "../pages/questions-page";
import { FACTORY_QUESTION_ID, STRONG_FACTORY_ANSWER, WEAK_FACTORY_ANSWER } from "./answers";

test("reloading mid-session restores the conversation and the unsent draft", async ({ page }) => {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await questions.practiseThisOne();
  const interview = new InterviewPage(page);
  await interview.answer(STRONG_FACTORY_ANSWER);
  const score = await interview.lastScore();
  // Whether the interviewer probes or moves on depends on the grade; reload must restore whichever it is.
  const current = await interview.currentQuestion().getAttribute("data-question-id");
  expect(current).toBeTruthy();
  const draft = "Half-written thought\nwith a second line";
  await interview.answerBox.fill(draft);

  await page.reload();

  await expect(interview.currentQuestion()).toHaveAttribute("data-question-id", current as string);
  await expect(page.getByTestId("candidate-message").first()).toContainText("application factory pattern");
  expect(await interview.lastScore()).toBe(score);
  await expect(interview.answerBox).toHaveValue(draft);
});

test("another browser (another identity) cannot open the session", async ({ page, browser }) => {
  const home = new HomePage(page);
  await home.goto();
  await home.start();
  const sessionId = new InterviewPage(page).sessionId();

  const stranger = await browser.newContext();
  try {
    const strangerPage = await stranger.newPage();
    await new InterviewPage(strangerPage).goto(sessionId);
    await expect(strangerPage.getByTestId("not-found")).toBeVisible();
    await expect(strangerPage.getByTestId("question-text")).toHaveCount(0);
  } finally {
    await stranger.close();
  }
});

test("keyboard only: Tab to the answer box, type, Enter sends", async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  await home.start();
  const interview = new InterviewPage(page);

  for (let i = 0; i < 40 && !(await interview.answerBox.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(interview.answerBox).toBeFocused();
  await page.keyboard.type(WEAK_FACTORY_ANSWER);
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("second line");
  await expect(interview.answerBox).toHaveValue(`${WEAK_FACTORY_ANSWER}\nsecond line`);

  await interview.untilReplied(() => page.keyboard.press("Enter"));
  await expect(page.getByTestId("candidate-message").last()).toContainText("second line");
  await expect(interview.lastFeedback().score).toBeVisible();
  await expect(interview.answerBox).toHaveValue("");
});

test("an unfinished session is offered for resuming on the home page", async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  await home.start();
  const sessionId = new InterviewPage(page).sessionId();

  await home.goto();
  await expect(home.resumeLinks().first()).toHaveAttribute("href", `/interview/${sessionId}`);
});

test("mock interview of 2 questions holds feedback until the end, then shows it for every answer", async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  await home.chooseMode("mock");
  await home.setQuestionCount(2);
  await home.start();
  const interview = new InterviewPage(page);

  await interview.answer(STRONG_FACTORY_ANSWER);
  await expect(interview.feedback).toHaveCount(0);
  await expect(page.getByTestId("question-text")).toHaveCount(2);

  await interview.answer(WEAK_FACTORY_ANSWER);
  await expect(interview.summary).toBeVisible();
  await expect(interview.feedback).toHaveCount(2);
  const rows = interview.summary.getByTestId("summary-row");
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await expect(row.getByTestId("score")).toHaveText(/^\d+\/10$/);
  await expect(interview.summary.getByTestId("average")).toHaveText(/^\d+\.\d$/);
});
