import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { InterviewPage } from "../pages/interview-page";
import { QuestionsPage } from "../pages/questions-page";
import { FACTORY_QUESTION_ID, PARTIAL_FACTORY_ANSWER } from "./answers";

/**
 * Automated WCAG 2 A/AA checks (axe-core) on every page a candidate uses, in light and dark mode:
 * labels, names, roles, and colour contrast AA. Keyboard-only use is tested in session.spec.ts.
 */

async function expectNoViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map(
    (v) =>
      `${page.url()} ${v.id} (${v.impact}): ${v.nodes
        .map((n) => `${n.target.join(" ")} — ${n.failureSummary?.replace(/\s+/g, " ")} — ${n.html.slice(0, 120)}`)
        .slice(0, 3)
        .join(" | ")}`,
  );
  expect(summary).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test(`home, question bank, a question page and about grading pass WCAG A/AA checks (${colorScheme})`, async ({ page }) => {
      await page.goto("/");
      await expect(page.getByTestId("start-session")).toBeVisible();
      await expectNoViolations(page);

      const questions = new QuestionsPage(page);
      await page.goto("/questions");
      await expect(page.getByTestId("question-row").first()).toBeVisible();
      await expectNoViolations(page);

      await questions.open(FACTORY_QUESTION_ID);
      await expectNoViolations(page);

      await page.goto("/about#switch");
      await expect(page.getByTestId("about-grader")).toBeVisible();
      await expectNoViolations(page);
    });

    test(`an interview with feedback, the summary, progress and privacy pass WCAG A/AA checks (${colorScheme})`, async ({ page }) => {
      const questions = new QuestionsPage(page);
      await questions.open(FACTORY_QUESTION_ID);
      await questions.practiseThisOne();
      const interview = new InterviewPage(page);
      await interview.answer(PARTIAL_FACTORY_ANSWER);
      await expect(interview.lastFeedback().band).toBeVisible();
      await expectNoViolations(page);

      await interview.control("end");
      await expect(interview.summary).toBeVisible();
      await expectNoViolations(page);

      await page.goto("/progress");
      await expect(page.getByTestId("history-answer").first()).toBeVisible();
      await expectNoViolations(page);

      await page.goto("/privacy");
      await expectNoViolations(page);
    });
  });
}
