import { expect, type Page } from "@playwright/test";

export class QuestionsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/questions");
  }

  async search(query: string) {
    await this.page.getByTestId("question-search").fill(query);
  }

  rows() {
    return this.page.getByTestId("question-row");
  }

  async open(questionId: string) {
    await this.page.goto(`/questions/${questionId}`);
    await expect(this.page.getByTestId("question-title")).toBeVisible();
  }

  /** From an open question: start a practice session on it and wait for the interview to ask it. */
  async practiseThisOne() {
    await this.page.getByTestId("practise").click();
    await this.page.waitForURL(/\/interview\/[0-9a-f-]+$/);
    await expect(this.page.getByTestId("question-text").first()).toBeVisible();
  }
}
