import { getBank } from "@/lib/bank/load";
import { errorResponse } from "@/lib/errors";
import { searchBank } from "@/lib/search/search";
import { parseWith } from "../_lib/request";
import { questionSearchSchema } from "./schema";
import { otherMethods } from "../_lib/methods";

export const runtime = "nodejs";

/** The bank for the /questions page: every question (of a track), or search hits for `q`. */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const { q, track, limit } = parseWith(questionSearchSchema, params, "question");
    if (q) {
      const hits = await searchBank(q, { mode: "hybrid", limit, track });
      return Response.json({ questions: hits.map((h) => ({ id: h.id, title: h.title, track: h.track, score: h.score, passage: h.passage })) });
    }
    const questions = getBank()
      .filter((question) => !track || question.track === track)
      .map((question) => ({ id: question.id, title: question.title, track: question.track, keyPoints: question.keyPoints.length }));
    return Response.json({ questions });
  } catch (error) {
    return errorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
