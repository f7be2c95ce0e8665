import { findQuestion } from "@/lib/bank/load";
import { errorResponse, RehearseError } from "@/lib/errors";
import { rubricPoints } from "@/lib/grading/rubric";
import { otherMethods } from "../../_lib/methods";

export const runtime = "nodejs";

/**
 * One question with its reference answer and rubric. Ids contain a slash (`django/orm-...`):
 * the catch-all takes `/api/questions/django/orm-...` as well as an encoded `django%2Form-...`.
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string[] }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    const questionId = id.map(safeDecode).join("/");
    const question = findQuestion(questionId);
    if (!question) throw new RehearseError("not_found:question", `There is no question "${questionId}".`);
    return Response.json({ question, rubric: rubricPoints(question) });
  } catch (error) {
    return errorResponse(error);
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
