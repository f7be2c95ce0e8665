import { describe, expect, it } from "vitest";
import { getBank } from "@/lib/bank/load";
import { buildVocabulary, getVocabulary, transcriptionPrompt } from "@/lib/voice/vocabulary";

describe("technical vocabulary of the bank", () => {
  const vocabulary = getVocabulary();

  it("contains the identifiers a recogniser mangles", () => {
    for (const term of ["select_related", "prefetch_related", "ASGI", "Jinja2", "Blueprint", "@login_required", "render_template"]) {
      expect(vocabulary.terms, term).toContain(term);
    }
  });

  it("leaves out Python keywords and the sample names the examples define", () => {
    for (const term of ["def", "return", "self", "BookForm", "add_book"]) expect(vocabulary.terms, term).not.toContain(term);
  });

  it("builds terms for every question", () => {
    expect(new Set(vocabulary.byQuestion.keys())).toEqual(new Set(getBank().map((q) => q.id)));
  });

  it("reads identifiers from a bank it has never seen", () => {
    const [q] = getBank();
    if (!q) throw new Error("empty bank");
    const fresh = buildVocabulary([
      {
        ...q,
        id: "django/new",
        answer: "Use `bulk_create()` with **Celery** over AMQP.\n```python\nfrom celery import Celery\n```",
        keyPoints: ["Batches INSERTs"],
      },
    ]);
    expect(fresh.terms).toEqual(expect.arrayContaining(["bulk_create", "AMQP", "Celery"]));
  });
});

describe("transcriptionPrompt", () => {
  it("puts the question's own terms first and stays short", () => {
    const vocabulary = getVocabulary();
    const jinja = getBank().find((q) => /jinja2/i.test(q.title));
    if (!jinja) throw new Error("no Jinja2 question in the bank");
    const prompt = transcriptionPrompt(vocabulary, jinja.id);
    const own = vocabulary.byQuestion.get(jinja.id)?.[0];
    expect(own).toBeDefined();
    expect(prompt.indexOf(own ?? "")).toBeLessThan(prompt.indexOf("Terms:") + 20);
    expect(prompt.length).toBeLessThan(800);
    expect(transcriptionPrompt(vocabulary)).toContain("select_related");
  });
});
