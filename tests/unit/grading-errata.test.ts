import { describe, expect, it } from "vitest";
import { findQuestion, getBank } from "@/lib/bank/load";
import { ErrataFormatError, loadErrata, parseErrata, readErratum } from "@/lib/grading/errata";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";

const question = findQuestion("flask/manage-sessions-cookies")!;
const grade = (answer: string) => localJudge.grade({ question, points: rubricPoints(question), answer });

describe("reference errata", () => {
  it("loads content/errata.json and checks it names a real key point", () => {
    const errata = loadErrata(getBank());
    expect(errata.some((e) => e.questionId === question.id && question.keyPoints.includes(e.keyPoint!))).toBe(true);
  });

  it("rejects an erratum for a key point the question does not have", () => {
    const text = JSON.stringify([{ questionId: question.id, keyPoint: "Sessions live in Redis", correction: "x", correctSignals: ["cookie"] }]);
    expect(() => parseErrata("errata.json", text, getBank())).toThrow(ErrataFormatError);
    expect(() => parseErrata("errata.json", "[{}]", getBank())).toThrow(/errata.json/);
  });

  it("reads whether an answer states the corrected fact, repeats the mistake, or says neither", () => {
    const erratum = { questionId: "q", keyPoint: "k", correction: "c", correctSignals: ["client-side"], wrongSignals: ["on the server"] };
    expect(readErratum(erratum, "The data is kept client side. It is signed.")).toEqual({ claim: "The data is kept client side", stance: "correct" });
    expect(readErratum(erratum, "It all lives on the server; only an id travels.").stance).toBe("wrong");
    expect(readErratum(erratum, "You assign keys like a dict.").stance).toBe("silent");
  });

  it("does not penalise the correct fact, says the reference is wrong, and teaches the correction", async () => {
    const answer =
      "Flask keeps the session client-side: it's a cookie signed with the SECRET_KEY, so the browser can read it but cannot tamper with it. " +
      "You set the secret key in config, write session['user_id'] at login and pop it at logout, and set plain cookies with response.set_cookie. " +
      "Because the data rides along in every request, keep it small and keep secrets out of it: anyone can decode it. " +
      "If you need the data on the server, an extension like Flask-Session stores it in Redis or a database and leaves only an id in the cookie.";
    const a = await grade(answer);
    const note = a.errors.find((e) => e.referenceIsWrong);
    expect(note?.claim).toContain("client-side");
    expect(a.errors.filter((e) => !e.referenceIsWrong)).toEqual([]);
    expect(a.band).toBe("strong");
    expect(a.improvedAnswer).toMatch(/cookie[^.]*signed|signed[^.]*cookie/);
    expect(a.improvedAnswer).not.toMatch(/Use session for server-side data/);
  });

  it("counts the reference's own mistake as an error when the candidate repeats it", async () => {
    const a = await grade(
      "Flask stores the session data on the server and gives the browser a random id, so you can put an API token in it. You still need a SECRET_KEY.",
    );
    expect(a.errors.some((e) => !e.referenceIsWrong)).toBe(true);
    expect(a.band).toBe("weak");
  });
});
