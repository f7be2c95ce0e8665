import { expect, test } from "@playwright/test";
import { InterviewPage } from "../pages/interview-page";
import { QuestionsPage } from "../pages/questions-page";
import { CANDIDATE_QUESTION, FACTORY_QUESTION_ID, STRONG_FACTORY_ANSWER } from "./answers";

/**
 * The same core flow with an LLM configured: the server talks to tests/support/fake-openai.ts
 * (OPENAI_BASE_URL), so these run offline. Only the "llm" project in playwright.config.ts runs them.
 */

async function practiseFactoryQuestion(page: import("@playwright/test").Page) {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await questions.practiseThisOne();
  return new InterviewPage(page);
}

test("an answer is graded by the LLM judge, named with its model", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  // Before the first answer: which model at which host (never the key), and how to switch.
  await expect(interview.graderBanner).toHaveAttribute("data-grader", "llm");
  await expect(interview.graderBanner).toContainText(/the model gpt-4o-mini at 127\.0\.0\.1:\d+/);
  await expect(interview.graderBanner.getByRole("link", { name: "How to switch" })).toHaveAttribute("href", "/about#switch");
  await interview.answer(STRONG_FACTORY_ANSWER);

  const feedback = interview.lastFeedback();
  await expect(feedback.grader).toHaveAttribute("data-grader", "llm");
  await expect(feedback.grader).toContainText("LLM judge (");
  await expect(feedback.score).toHaveText(/^\d+\/10$/);
  await expect(feedback.keyPoints.first()).toHaveAttribute("data-verdict", /covered|partial|missed|contradicted/);
});

test("a question to the interviewer is answered by the LLM from bank sources", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.ask(CANDIDATE_QUESTION);

  await expect(interview.groundedAnswer()).toHaveAttribute("data-grounded", "llm");
  await expect(interview.groundedAnswer().getByTestId("source").first()).toBeVisible();
});

test("ending after an LLM-graded answer shows the summary", async ({ page }) => {
  const interview = await practiseFactoryQuestion(page);
  await interview.answer(STRONG_FACTORY_ANSWER);
  await interview.control("end");
  await expect(interview.summary.getByTestId("average")).toHaveText(/^\d+\.\d$/);
});
