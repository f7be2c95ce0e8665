import { describe, expect, it } from "vitest";
import { findQuestion } from "@/lib/bank/load";
import { contrastClaim, referenceContrasts } from "@/lib/grading/contrasts";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";

const words = (text: string) => text.split(/\s+/);

describe("contrastClaim", () => {
  const reference = referenceContrasts("# Flow: Request → Auth (check_token) → Handler → Serializer (to_json) → Response\n- Hooks run before and after the handler", []);

  it("flags an order the reference's flow contradicts, in either direction", () => {
    expect(contrastClaim(reference, words("to_json runs before the handler"))).not.toBeNull();
    expect(contrastClaim(reference, words("check_token runs after the serializer"))).not.toBeNull();
  });

  it("accepts the order the flow gives", () => {
    expect(contrastClaim(reference, words("check_token runs before the handler"))).toBeNull();
    expect(contrastClaim(reference, words("to_json runs after the handler"))).toBeNull();
    expect(contrastClaim(reference, words("hooks run before and after the handler"))).toBeNull();
  });

  it("flags only one side of a pair the reference states both of", () => {
    expect(contrastClaim(reference, words("hooks only run after the handler"))).not.toBeNull();
    expect(contrastClaim(reference, words("only admins can call the handler"))).toBeNull();
  });
});

describe("local judge with contrasts", () => {
  it("scores a swapped middleware order as a misconception, below the same answer in the right order", async () => {
    const question = findQuestion("django/middleware-create-custom-middleware")!;
    const grade = (answer: string) => localJudge.grade({ question, points: rubricPoints(question), answer });
    const base = "Middleware classes are listed in the MIDDLEWARE setting and each has __init__ taking get_response and __call__ taking the request. ";
    const right = await grade(base + "process_request runs before the view, and process_response runs after the view on the way out.");
    const swapped = await grade(base + "process_response runs before the view, and process_request runs after the view on the way out.");
    expect(swapped.errors.length).toBeGreaterThan(0);
    expect(right.errors).toEqual([]);
    expect(swapped.score).toBeLessThan(right.score);
    expect(swapped.band).toBe("weak");
  });
});
