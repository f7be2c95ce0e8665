import { expect, test } from "@playwright/test";
import { InterviewPage } from "../pages/interview-page";
import { QuestionsPage } from "../pages/questions-page";
import { CANDIDATE_QUESTION, FACTORY_QUESTION_ID, PARTIAL_FACTORY_ANSWER, STRONG_FACTORY_ANSWER, WEAK_FACTORY_ANSWER } from "./answers";

/** A practice session on a known question, started the way a user would: from its page in the bank. */
async function practiseFactoryQuestion(page: import("@playwright/test").Page) {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await questions.practiseThisOne();
  const interview = new InterviewPage(page);
  await expect(interview.currentQuestion()).toHaveAttribute("data-question-id", FACTORY_QUESTION_ID);
  return interview;
}

test("before the first answer the screen says the local judge grades, and links to how to switch", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await expect(interview.graderBanner).toHaveAttribute("data-grader", "local");
  await expect(interview.graderBanner).toContainText("local judge");
  await expect(interview.graderBanner.getByRole("link", { name: "How to switch" })).toHaveAttribute("href", "/about#switch");
  await interview.graderBanner.getByRole("link", { name: "How to switch" }).click();
  await expect(page.getByRole("heading", { name: "How to switch" })).toBeVisible();
  await expect(page.getByTestId("about-grader")).toContainText("local judge");
});

test("a strong answer scores strong, with covered key points quoting the answer", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.answer(STRONG_FACTORY_ANSWER);

  const feedback = interview.lastFeedback();
  await expect(feedback.band).toHaveText("Strong");
  expect(await interview.lastScore()).toBeGreaterThanOrEqual(7);
  await expect(feedback.keyPoints.and(page.locator('[data-verdict="covered"]')).first()).toBeVisible();
  const evidence = await feedback.evidence.allTextContents();
  expect(evidence.length).toBeGreaterThan(0);
  for (const quote of evidence) expect(STRONG_FACTORY_ANSWER).toContain(quote.replace(/^Your words: /, "").replace(/^“|”$/g, ""));
  await expect(feedback.improvedAnswer).not.toBeEmpty();
  await expect(feedback.grader).toHaveAttribute("data-grader", "local");
  // Points read by their short labels; the errata's point says the reference is wrong, with the correction.
  await expect(feedback.keyPointLabels.first()).not.toBeEmpty();
  await expect(feedback.referenceWrong).toHaveCount(1);
  await expect(feedback.referenceWrong).toContainText("The reference is wrong here");
  await expect(feedback.referenceWrong).toContainText("init_app");
});

test("a wrong answer scores weak", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.answer(WEAK_FACTORY_ANSWER);

  await expect(interview.lastFeedback().band).toHaveText("Weak");
  expect(await interview.lastScore()).toBeLessThanOrEqual(4);
});

test('"I don\'t know" scores 0 and opens the reference answer', async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.control("dont-know");

  const feedback = interview.lastFeedback();
  expect(await interview.lastScore()).toBe(0);
  await expect(feedback.reference).toHaveAttribute("open", "");
  await expect(feedback.reference.getByTestId("reference-source")).toHaveText(/content\/.+\.md:\d+/);
  await expect(feedback.reference).toContainText("create_app");
});

test("a partial answer gets a follow-up, and answering it is graded as a follow-up", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.answer(PARTIAL_FACTORY_ANSWER);
  await expect(interview.followUp()).toBeVisible();

  await interview.answer(
    "It lets you use different configs for dev, test and prod, and extensions like Flask-Migrate and Flask-Login need it through init_app.",
  );
  await expect(interview.feedback).toHaveCount(2);
  await expect(interview.lastFeedback().card).toHaveAttribute("aria-label", /follow-up/);
});

test("asking the interviewer a question gets a grounded answer with sources from the bank", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.ask(CANDIDATE_QUESTION);

  const answer = interview.groundedAnswer();
  await expect(answer).toBeVisible();
  const sources = answer.getByTestId("source");
  await expect(sources.first()).toBeVisible();
  await expect(sources.first().getByRole("link")).toHaveAttribute("href", /^\/questions\/[a-z]+\/[a-z0-9-]+$/);
  // Asking is not answering: the question is still open and nothing was graded.
  await expect(interview.feedback).toHaveCount(0);
});

test("ending the session shows the summary with the average of the scores", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.answer(STRONG_FACTORY_ANSWER);
  const score = await interview.lastScore();
  await interview.control("end");

  await expect(interview.summary).toBeVisible();
  await expect(interview.summary.getByTestId("summary-row").first()).toContainText("Application Factory");
  await expect(interview.summary.getByTestId("average")).toHaveText(score.toFixed(1));
  await expect(interview.answerBox).toHaveCount(0);
});

test("a failed send keeps the text in the box and shows the server's message", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await page.route("**/api/chat", (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "unavailable", message: "The interviewer is busy, try again." } }),
    }),
  );
  await interview.answerBox.fill(PARTIAL_FACTORY_ANSWER);
  await interview.sendButton.click();

  await expect(interview.errorAlert).toHaveText("The interviewer is busy, try again.");
  await expect(interview.errorAlert).toHaveAttribute("role", "alert");
  await expect(interview.answerBox).toHaveValue(PARTIAL_FACTORY_ANSWER);
  await expect(page.getByTestId("candidate-message")).toHaveCount(0);
});

test("a question sent as an answer is detected, answered, and can be graded as an answer instead", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.answer(CANDIDATE_QUESTION);

  await expect(page.getByTestId("status")).toHaveAttribute("data-state", "ask-detected");
  await expect(interview.groundedAnswer()).toBeVisible();
  await expect(interview.feedback).toHaveCount(0);

  await interview.untilReplied(() => page.getByTestId("treat-as-answer").click());
  await expect(interview.lastFeedback().score).toBeVisible();
  await expect(page.getByTestId("treat-as-answer")).toHaveCount(0);
});
