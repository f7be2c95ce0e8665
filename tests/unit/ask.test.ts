import { describe, expect, it } from "vitest";
import { askBank, MAX_ANSWER_CHARS } from "@/lib/interview/ask";
import { ROUTER_SURE_MARGIN, surePick, withSlipsCorrected } from "@/lib/interview/ask-coverage";
import { getSearchIndex } from "@/lib/search/search";
import { getEnglishWords } from "@/lib/text/english-words";

/**
 * Asking the interviewer offline, through the real search index, query router and composer.
 * The phrasings are this test's own (not from eval/): lay, spoken and expert ways to ask.
 */
const ORM = "django/orm-querysets-common-operations";

const ROUTED: Array<[string, string]> = [
  ["whats the diff between select_related and prefetch_related", ORM],
  ["how do I make a Django view only available to users who have logged in", "django/authentication-authorization-system"],
  ["where do files that users upload end up on disk in a Django project", "django/handle-file-uploads"],
  ["can I run my own code every time a model instance gets saved, without touching the save method", "django/signals"],
  ["um how do i remember a visitor's preferred theme in the browser with flask", "flask/manage-sessions-cookies"],
  ["how would I write tests for my FastAPI endpoints", "fastapi/test-applications"],
  ["why bother wrapping the Flask app creation in a create_app function", "flask/application-factory-pattern-important"],
  ["how do I loop over a list of items in a Jinja template", "flask/jinja2-templates"],
  ["my django view is slow, can I cache the rendered page", "django/caching-framework"],
  ["where do I put code that should run for every single request in Django", "django/middleware-create-custom-middleware"],
  // Shares no word with the templates question: the router knows it from the pack's phrasings.
  ["one shared layout file with the header and footer that all my pages build on", "flask/jinja2-templates"],
  // Mistyped words are slips of the bank's words, not words it lacks: routed and covered, not refused.
  ["djagno querysets wiht F expresions and anotate", ORM],
  // Most of its words mistyped: read as the bank's words they are slips of, then routed.
  ["how to wirte custum midleware in djagno", "django/middleware-create-custom-middleware"],
  ["flsak bluprint regster", "flask/routing-blueprints"],
  // Lay and slow: covered, not refused as out of bank.
  ["my product page is slow since it recalculates the totals on each visit, can I store the result for a while", "django/caching-framework"],
];

describe("asking offline: routing", () => {
  it.each(ROUTED)("%s → %s, cited first, at most 1,200 characters", async (query, expected) => {
    const result = await askBank(query, { offline: true });
    expect(result.grounded).toBe(true);
    expect(result.sources[0]?.id).toBe(expected);
    // The answer cites its source with a link to the question's page.
    expect(result.answer).toContain(`(/questions/${expected})`);
    expect(result.answer.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    // Every quoted passage is the bank's own words.
    for (const s of result.sources) expect(s.passage.length).toBeGreaterThan(0);
  });

  it("puts the router's pick first when it is sure of it against the question the fusion put first", () => {
    const tracks: Record<string, "django" | "flask"> = { "django/mvt": "django", "flask/routing": "flask", "django/caching": "django" };
    const trackOf = (id: string) => tracks[id];
    const routes = [
      { questionId: "django/mvt", score: 0.3 },
      { questionId: "flask/routing", score: 0.3 - ROUTER_SURE_MARGIN / 2 },
      { questionId: "django/caching", score: 0.3 - ROUTER_SURE_MARGIN * 1.5 },
    ];
    // The fusion put the router's third first: far below the router's best, whatever its second.
    expect(surePick(routes, "django/caching", undefined, trackOf)).toBe("django/mvt");
    // The fusion put the router's close second first: the router is not sure.
    expect(surePick(routes, "flask/routing", undefined, trackOf)).toBeUndefined();
    // ... unless the query names Django: the Flask question is then a rival at the off-track factor.
    expect(surePick(routes, "flask/routing", "django", trackOf)).toBe("django/mvt");
    // The fusion agrees with the router: nothing to change.
    expect(surePick(routes, "django/mvt", undefined, trackOf)).toBeUndefined();
  });
});

describe("asking offline: typing slips", () => {
  it("reads slips as the bank's words, and leaves English words, code names and numbers as typed", async () => {
    const router = (await getSearchIndex()).index.router();
    const english = await getEnglishWords();
    expect(withSlipsCorrected("how to wirte custum midleware in djagno", router, english)).toBe("how to write custom middleware in django");
    // "chat" is one edit from "that", "beat" from "best", "docker" (a topic the bank lacks) from "locker".
    for (const query of [
      "real-time chat with websockets",
      "Celery beat in a Django project",
      "package it in a Docker image",
      "cors alow_origins on localhost:3000",
    ])
      expect(withSlipsCorrected(query, router, english)).toBe(query);
  });

  it("answers under the question as it was typed", async () => {
    const result = await askBank("how to wirte custum midleware in djagno", { offline: true });
    expect(result.query).toBe("how to wirte custum midleware in djagno");
    expect(result.grounded).toBe(true);
  });
});

describe("asking offline: composition", () => {
  it("answers the difference between select_related and prefetch_related with those two, not ORM generalities", async () => {
    const result = await askBank("What's the difference between select_related and prefetch_related?", { offline: true });
    expect(result.sources.map((s) => s.id)).toEqual([ORM]);
    expect(result.answer).toContain("select_related('author')");
    expect(result.answer).toContain("prefetch_related('books')");
    expect(result.answer).toContain("many-to-many");
    // Not the CRUD, filtering or raw SQL parts of the same answer.
    expect(result.answer).not.toContain("cursor.execute");
    expect(result.answer).not.toContain("Author.objects.create");
  });

  it("quotes the lines a narrow question is about", async () => {
    const result = await askBank("what's the line that disconnects a signal handler from post_save", { offline: true });
    expect(result.sources[0]?.id).toBe("django/signals");
    expect(result.answer).toContain("post_save.disconnect(");
  });

  it.each([
    // "log out" is the thesaurus's way to logout / session.pop, words the query does not use.
    ["how do I log someone out of my Flask app", "flask/manage-sessions-cookies", "session.pop("],
    // A "how" question gets the code line, not only the key point that names formsets.
    ["how do I show several forms of the same kind on one page in Django", "django/forms-modelform-validation", "formset_factory("],
    // The lines that answer, from the middle of a long snippet, not the function's header.
    ["how do I delete a cached value after the data changes in Django", "django/caching-framework", "cache.delete("],
  ])("%s: quotes %s with %s", async (query, id, fact) => {
    const result = await askBank(query, { offline: true });
    expect(result.sources[0]?.id).toBe(id);
    expect(result.answer).toContain(fact);
    expect(result.answer.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
  });

  it("quotes key points under their list's label: steps of the request flow, not loose claims", async () => {
    const result = await askBank("in django what happens between the browser asking for a page and the html coming back", { offline: true });
    expect(result.sources[0]?.id).toBe("django/mvt-model-view-template-architecture");
    expect(result.answer).toMatch(/\*\*Request Flow:\*\*\n>\n> - /);
  });

  it("answers a why question with what the thing is for, not only the code that shows how", async () => {
    const result = await askBank("what's the point of django signals when I could just call the function from my view?", { offline: true });
    expect(result.sources[0]?.id).toBe("django/signals");
    expect(result.answer).toContain("loose coupling");
  });

  it("cites a second question only when it answers the question too", async () => {
    const single = await askBank("What does MEDIA_URL do compared with MEDIA_ROOT?", { offline: true });
    expect(single.sources).toHaveLength(1);
  });
});

describe("asking offline: out of bank", () => {
  it.each([
    "How do I configure Celery beat?",
    "How do I run my Django project in Docker containers with docker-compose?",
    // Words the bank uses ("endpoint", "token", "FastAPI", "models"), about topics it has no question on.
    "how do I make my FastAPI endpoint require a JWT bearer token",
    "How do I set up Django admin inlines for related models?",
    "How do I add a GraphQL endpoint with Graphene?",
    // Topics beside the bank's: model inheritance, template tags, FastAPI parameters, project setup, API design.
    "should my Django models share fields through an abstract base class or multi-table inheritance?",
    "how do I write an inclusion_tag for my Django templates?",
    "what's the difference between path and query parameters in a FastAPI route?",
    "poetry or a plain requirements.txt for a new Python web project?",
    "is PATCH idempotent, and when would I use it instead of PUT?",
    // Framed like a bank question ("… my FastAPI endpoint", "… in Flask") but about what the bank lacks:
    // the out-of-scope classifier weighs "throttle", "WebSocket" and "404 page", not the framing.
    "how would I throttle how many requests one client can send to my FastAPI endpoint?",
    "how do I accept WebSocket connections in a FastAPI app and keep them open?",
    "how do I show my own 404 page in Flask instead of the plain one?",
  ])("%s: says the bank doesn't cover it and offers the nearest questions", async (query) => {
    const result = await askBank(query, { offline: true });
    expect(result.grounded).toBe(false);
    expect(result.sources).toEqual([]);
    expect(result.answer).toMatch(/doesn't cover/);
    expect(result.answer).toMatch(/\(\/questions\/[a-z]+\/[a-z0-9-]+\)/);
    expect(result.answer.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
  });
});

describe("asking during an interview", () => {
  it("never hands over the open question's reference", async () => {
    const result = await askBank("what's the difference between select_related and prefetch_related", { offline: true, withhold: ORM });
    expect(result.sources.map((s) => s.id)).not.toContain(ORM);
    expect(result.answer).not.toContain("prefetch_related('books')");
  });
});
