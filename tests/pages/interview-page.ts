import { expect, type Locator, type Page } from "@playwright/test";

/** The interview screen as a candidate uses it: read the question, answer, read the feedback. */
export class InterviewPage {
  readonly answerBox: Locator;
  readonly sendButton: Locator;
  readonly intentToggle: Locator;
  readonly errorAlert: Locator;
  readonly feedback: Locator;
  readonly summary: Locator;
  /** Says who will grade before the first answer, with a link to how to switch. */
  readonly graderBanner: Locator;

  constructor(readonly page: Page) {
    this.answerBox = page.getByTestId("answer-box");
    this.sendButton = page.getByTestId("send-button");
    this.intentToggle = page.getByTestId("intent-toggle");
    this.errorAlert = page.getByTestId("error-alert");
    this.feedback = page.getByTestId("feedback");
    this.summary = page.getByTestId("summary");
    this.graderBanner = page.getByTestId("grader-banner");
  }

  async goto(sessionId: string) {
    await this.page.goto(`/interview/${sessionId}`);
  }

  sessionId(): string {
    const id = new URL(this.page.url()).pathname.split("/").at(-1);
    if (!id) throw new Error(`not on an interview page: ${this.page.url()}`);
    return id;
  }

  currentQuestion() {
    return this.page.getByTestId("question-text").last();
  }

  followUp() {
    return this.page.getByTestId("follow-up").last();
  }

  /** Sends an answer and waits until the reply has finished streaming. */
  async answer(text: string) {
    await this.page.getByTestId("intent-answer").check({ force: true });
    await this.answerBox.fill(text);
    await this.untilReplied(() => this.sendButton.click());
  }

  async ask(text: string) {
    await this.page.getByTestId("intent-ask").check({ force: true });
    await this.answerBox.fill(text);
    await this.untilReplied(() => this.sendButton.click());
  }

  async control(name: "skip" | "dont-know" | "next" | "end") {
    await this.untilReplied(() => this.page.getByTestId(`control-${name}`).click());
  }

  /** Does `action` and waits for the interviewer's streamed reply to finish and render. */
  async untilReplied(action: () => Promise<void>) {
    const reply = this.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/chat" && r.request().method() === "POST");
    await action();
    const response = await reply;
    await response.finished();
    await expect(this.page.getByTestId("pending")).toHaveCount(0);
    await expect(this.page.getByTestId("live-key-points")).toHaveCount(0);
  }

  lastFeedback() {
    const card = this.feedback.last();
    return {
      card,
      score: card.getByTestId("score"),
      band: card.getByTestId("band"),
      keyPoints: card.getByTestId("key-point"),
      evidence: card.getByTestId("evidence"),
      improvedAnswer: card.getByTestId("improved-answer"),
      reference: card.getByTestId("reference"),
      grader: card.getByTestId("grader"),
      /** Each rubric point's short label. */
      keyPointLabels: card.getByTestId("key-point-label"),
      /** Points where the errata say the reference is wrong, with the correction. */
      referenceWrong: card.getByTestId("reference-wrong"),
    };
  }

  async lastScore(): Promise<number> {
    const text = (await this.lastFeedback().score.textContent()) ?? "";
    const match = /(\d+)\s*\/\s*10/.exec(text);
    if (!match) throw new Error(`no score in "${text}"`);
    return Number(match[1]);
  }

  groundedAnswer() {
    return this.page.getByTestId("grounded-answer").last();
  }
}
