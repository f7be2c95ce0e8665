import { expect, type Page } from "@playwright/test";

export class HomePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/");
  }

  async chooseTrack(track: "all" | "django" | "flask" | "fastapi") {
    await this.page.getByTestId(`track-${track}`).check({ force: true });
  }

  async chooseMode(mode: "practice" | "mock") {
    await this.page.getByTestId(`mode-${mode}`).check();
  }

  async setQuestionCount(count: number) {
    await this.page.getByTestId("question-count").fill(String(count));
  }

  /** Starts the session and waits for the interview page to show the first question. */
  async start() {
    await this.page.getByTestId("start-session").click();
    await this.page.waitForURL(/\/interview\/[0-9a-f-]+$/);
    await expect(this.page.getByTestId("question-text").first()).toBeVisible();
  }

  resumeLinks() {
    return this.page.getByTestId("resume-link");
  }
}
