import { expect, type Locator, type Page } from "@playwright/test";

/** /progress as a candidate uses it: see what is due, review, export. */
export class ProgressPage {
  readonly dueReviews: Locator;
  readonly charts: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.dueReviews = page.getByTestId("due-review");
    this.charts = page.getByTestId("score-chart");
    this.history = page.getByTestId("history-answer");
  }

  async goto(track?: string) {
    await this.page.goto(track ? `/progress?track=${track}` : "/progress");
  }

  /** The question ids listed as due, in the page's order (most overdue first). */
  async dueQuestionIds(): Promise<string[]> {
    await expect(this.dueReviews.first()).toBeVisible();
    return this.dueReviews.evaluateAll((items) => items.map((li) => li.getAttribute("data-question-id") ?? ""));
  }

  /** Starts a review session on the due questions and waits for its first question. */
  async reviewNow() {
    await this.page.getByTestId("review-now").getByRole("button", { name: "Review now" }).click();
    await this.page.waitForURL(/\/interview\/[0-9a-f-]+$/);
    await expect(this.page.getByTestId("question-text").first()).toBeVisible();
  }

  /** Creates a one-time link for another device and returns it (absolute URL). */
  async createCarryLink(): Promise<string> {
    await this.page.getByTestId("carry-create").click();
    const url = this.page.getByTestId("carry-url");
    await expect(url).toHaveValue(/\/carry\/[A-Za-z0-9_-]{43}$/);
    await expect(this.page.getByTestId("carry-expires")).toContainText("Expires at");
    return url.inputValue();
  }

  /** Downloads the Markdown report and returns its text. */
  async exportMarkdown(): Promise<string> {
    const download = this.page.waitForEvent("download");
    await this.page.getByTestId("export-md").click();
    const file = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
}

/** /carry/<token>: continue on this browser with another device's history. */
export class CarryPage {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
  }

  /** Confirms, and waits for /progress as the carried identity. */
  async continueHere() {
    await this.page.getByTestId("carry-claim").click();
    await this.page.waitForURL(/\/progress$/);
  }

  gone(): Locator {
    return this.page.getByTestId("carry-gone");
  }
}

/** /privacy: what is stored, and the delete-my-data button. */
export class PrivacyPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/privacy");
  }

  async deleteMyData(): Promise<string> {
    await this.page.getByTestId("delete-data").click();
    await this.page.getByTestId("confirm-delete").click();
    const result = this.page.getByTestId("delete-result");
    await expect(result).toBeVisible();
    return (await result.textContent()) ?? "";
  }
}
