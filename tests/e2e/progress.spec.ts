import { expect, test, type Page } from "@playwright/test";
import { InterviewPage } from "../pages/interview-page";
import { CarryPage, PrivacyPage, ProgressPage } from "../pages/progress-page";
import { QuestionsPage } from "../pages/questions-page";
import { FACTORY_QUESTION_ID, WEAK_FACTORY_ANSWER } from "./answers";

/**
 * Runs against the "progress" server, whose clock is REHEARSE_CLOCK_OFFSET_DAYS ahead (see
 * playwright.config.ts): an answer given now is seen by progress as given days ago, so its key
 * points are due. Each test is a fresh browser, hence a fresh identity.
 */

async function answerFactoryQuestion(page: Page) {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await questions.practiseThisOne();
  const interview = new InterviewPage(page);
  await interview.answer(WEAK_FACTORY_ANSWER);
  await expect(interview.lastFeedback().band).toBeVisible();
  return interview;
}

test("after a session, progress shows the answer, a score chart and the missed key points due", async ({ page }) => {
  await answerFactoryQuestion(page);
  const progress = new ProgressPage(page);
  await progress.goto();

  await expect(progress.history.first()).toContainText(WEAK_FACTORY_ANSWER);
  await expect(progress.history.first().getByTestId("grader")).toHaveText(/local judge/);
  await expect(progress.charts.filter({ has: page.locator("svg") })).toHaveCount(1);
  await expect(progress.charts.first()).toHaveAttribute("data-track", "Flask");
  await expect(progress.dueReviews.first()).toHaveAttribute("data-question-id", FACTORY_QUESTION_ID);
  await expect(page.getByTestId("missed-most").getByRole("link").first()).toHaveAttribute("href", `/questions/${FACTORY_QUESTION_ID}`);
});

test("home shows what is due today, and its Review now starts the review session", async ({ page }) => {
  await answerFactoryQuestion(page);
  await page.goto("/");
  const dueToday = page.getByTestId("due-today");
  await expect(dueToday).toContainText(/key points? due today/);
  await dueToday.getByRole("button", { name: "Review now" }).click();
  await page.waitForURL(/\/interview\/[0-9a-f-]+$/);
  const review = new InterviewPage(page);
  await expect(review.currentQuestion()).toHaveAttribute("data-question-id", FACTORY_QUESTION_ID);
});

test("review now starts a session on the due questions, most overdue first", async ({ page }) => {
  const interview = await answerFactoryQuestion(page);
  await interview.control("next");
  const second = await interview.currentQuestion().getAttribute("data-question-id");
  await interview.control("dont-know");

  const progress = new ProgressPage(page);
  await progress.goto();
  const due = await progress.dueQuestionIds();
  expect(due).toEqual([FACTORY_QUESTION_ID, second]);

  await progress.reviewNow();
  const review = new InterviewPage(page);
  for (const questionId of due) {
    await expect(review.currentQuestion()).toHaveAttribute("data-question-id", questionId);
    await review.control("skip");
  }
  await expect(review.summary).toBeVisible();
});

test("the Markdown export has the question, the answer and the verdicts", async ({ page }) => {
  await answerFactoryQuestion(page);
  const progress = new ProgressPage(page);
  await progress.goto();
  const md = await progress.exportMarkdown();
  expect(md).toContain("# Rehearse report");
  expect(md).toContain(WEAK_FACTORY_ANSWER);
  expect(md).toMatch(/✗ missed/);
});

test("a one-time link carries the history to another browser, once", async ({ page, browser }) => {
  await answerFactoryQuestion(page);
  const progress = new ProgressPage(page);
  await progress.goto();
  const link = await progress.createCarryLink();

  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    const carry = new CarryPage(otherPage);
    await carry.open(link);
    await carry.continueHere();
    const otherProgress = new ProgressPage(otherPage);
    await expect(otherProgress.history.first()).toContainText(WEAK_FACTORY_ANSWER);

    await carry.open(link);
    await expect(carry.gone()).toContainText("already used or has expired");
  } finally {
    await other.close();
  }
});

test("delete my data removes the history", async ({ page }) => {
  await answerFactoryQuestion(page);
  const privacy = new PrivacyPage(page);
  await privacy.goto();
  await expect(page.getByTestId("stored-count")).toHaveText(/1 session stored/);
  expect(await privacy.deleteMyData()).toMatch(/Deleted 1 session/);

  const progress = new ProgressPage(page);
  await progress.goto();
  await expect(progress.history).toHaveCount(0);
  await expect(page.getByTestId("history")).toContainText("No graded answers yet.");
});
