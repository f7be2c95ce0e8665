import { findQuestion, getBank } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { searchBank } from "@/lib/search/search";

/**
 * The reference a candidate's answer is graded against: the bank question named by its id or
 * exact title, else the best match of the Orama index for the question text.
 */
export async function retrieveReference(question: string): Promise<Question | undefined> {
  const text = question.trim();
  const exact = findQuestion(text) ?? getBank().find((q) => q.title === text);
  if (exact) return exact;
  const [hit] = await searchBank(text, { limit: 1 });
  return hit ? findQuestion(hit.id) : undefined;
}
