import { expect, test } from "@playwright/test";
import { QuestionsPage } from "../pages/questions-page";
import { FACTORY_QUESTION_ID } from "./answers";

test("searching the bank finds the matching question first", async ({ page }) => {
  const questions = new QuestionsPage(page);
  await questions.goto();
  await questions.search("application factory create_app");
  await expect(questions.rows().first()).toContainText("Application Factory");
});

test("filtering by track lists only that track", async ({ page }) => {
  const questions = new QuestionsPage(page);
  await questions.goto();
  await page.getByTestId("track-filter").selectOption("fastapi");
  await expect(questions.rows().first()).toBeVisible();
  for (const row of await questions.rows().all()) await expect(row).toContainText("FastAPI");
});

test("a question page shows its rendered answer with highlighted code and its key points", async ({ page }) => {
  const questions = new QuestionsPage(page);
  await questions.open(FACTORY_QUESTION_ID);
  await expect(page.getByTestId("question-answer").locator("pre code.hljs")).toBeVisible();
  await expect(page.getByTestId("question-key-points").getByRole("listitem")).toHaveCount(3);
});
