import { describe, expect, it } from "vitest";
import type { Question } from "@/lib/bank/schema";
import { comparedSides, fitted, passageOf, relevantUnits, renderSections, withoutDanglingIntros } from "@/lib/interview/ask-compose";
import { answerUnits } from "@/lib/search/answer-units";
import { loadOutOfScope, nearestOutOfScope } from "@/lib/search/out-of-scope";
import { getSearchIndex } from "@/lib/search/search";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Composition caches a question's units by id: each test question gets its own. */
let made = 0;
function question(answer: string): Question {
  made++;
  return {
    id: `django/example-${made}`,
    track: "django",
    title: "Example?",
    answer,
    keyPoints: ["A key point"],
    keyPointsLabel: "Key Points",
    source: { file: "x.md", line: 1 },
  };
}

describe("answer units: code snippets", () => {
  const longSnippet = [
    "```python",
    "# 4. CACHE WITH INVALIDATION",
    "from django.core.cache import cache",
    "from .models import Book",
    "",
    "def update_book(request, pk):",
    "    book = Book.objects.get(pk=pk)",
    "    form = BookForm(request.POST, instance=book)",
    "",
    "    if form.is_valid():",
    "        form.save()",
    "        # Invalidate cache",
    "        cache.delete(f'book_{pk}')",
    "        cache.delete('all_books')",
    "",
    "    return redirect('book_list')",
    "    # end",
    "```",
  ].join("\n");

  it("cuts a long snippet into pieces that each keep its comment, and drops a piece of imports alone", () => {
    const code = answerUnits(question(`Intro sentence.\n\n${longSnippet}`)).filter((u) => u.kind === "code");
    expect(code.length).toBeGreaterThan(1);
    for (const u of code) expect(u.text).toContain("# 4. CACHE WITH INVALIDATION");
    // No piece is only the imports cut off from the code that uses them.
    for (const u of code)
      expect(
        u.text
          .split("\n")
          .filter((l) => !/^(python|\s*#)/.test(l))
          .every((l) => /^(from|import) /.test(l)),
      ).toBe(false);
    expect(code.some((u) => u.text.includes("cache.delete('all_books')"))).toBe(true);
  });

  it("keeps a one-line tail with the block it ends instead of quoting it alone", () => {
    const code = answerUnits(question(`Intro sentence.\n\n${longSnippet}`)).filter((u) => u.kind === "code");
    const tail = code.find((u) => u.text.includes("return redirect('book_list')"));
    expect(tail?.text).toContain("cache.delete('all_books')");
  });

  it("keeps imports with the code after them when the snippet is short", () => {
    const [code] = answerUnits(question("```python\nfrom flask import Flask\n\n# make the app\napp = Flask(__name__)\n```")).filter((u) => u.kind === "code");
    expect(code?.text).toContain("from flask import Flask");
    expect(code?.text).toContain("app = Flask(__name__)");
  });
});

describe("answer units: headings", () => {
  it("gives code under a heading that heading, and the answer quotes it above the code", async () => {
    const answer =
      "Extensions add features.\n\n### Flask-Caching (caching)\n```python\ncache = Cache(config={'CACHE_TYPE': 'SimpleCache'})\ncache.init_app(app)\n```\n";
    const [code] = answerUnits(question(answer)).filter((u) => u.kind === "code");
    expect(code?.heading).toBe("Flask-Caching (caching)");
    const { index } = await getSearchIndex();
    const units = relevantUnits("how do I set up the cache extension", question(answer), index.router());
    expect(units.some((u) => u.kind === "code")).toBe(true);
    expect(passageOf(units)).toContain("Flask-Caching (caching):\ncache = Cache(");
  });
});

describe("answer units: lists", () => {
  const answer = [
    "The pattern creates the app in a function rather than at import time.",
    "",
    "This gives you three things:",
    "- Several app instances, one per test",
    "- Configuration chosen when the app is made",
    "- No circular imports between the app and its blueprints",
    "",
    "Extensions are created once and bound with init_app.",
  ].join("\n");

  it("marks a list's intro sentence and its items as one list", () => {
    const units = answerUnits(question(answer));
    const intro = units.find((u) => u.text === "This gives you three things:");
    expect(intro?.list).toBe(intro?.order);
    const items = units.filter((u) => u.text.startsWith("- "));
    expect(items).toHaveLength(3);
    for (const item of items) expect(item.list).toBe(intro?.order);
    expect(units.find((u) => u.text.startsWith("Extensions"))?.list).toBeUndefined();
  });

  it("quotes the intro with an item asked about, and the items with the intro", async () => {
    const { index } = await getSearchIndex();
    const texts = relevantUnits("does it avoid circular imports with blueprints?", question(answer), index.router()).map((u) => u.text);
    expect(texts).toContain("- No circular imports between the app and its blueprints");
    expect(texts).toContain("This gives you three things:");
    expect(texts).toContain("- Several app instances, one per test");
  });
});

describe("composition: a key point's example", () => {
  it("quotes the code that shows a relevant key point even when the query shares no word with the code", async () => {
    const answer = [
      "Signals notify other parts of an app.",
      "",
      "```python",
      "# Model signals",
      "@receiver(post_save, sender=Book)",
      "def on_save(sender, instance, **kwargs):",
      "    print(instance.title)",
      "",
      "# Deleting",
      "@receiver(post_delete, sender=Book)",
      "def on_delete(sender, instance, **kwargs):",
      "    archive(instance)",
      "",
      "# Custom signals",
      "order_shipped = Signal()",
      "order_shipped.send(sender=Order, order=order)",
      "```",
    ].join("\n");
    const q = { ...question(answer), keyPoints: ["You can define and send custom signals of your own"] };
    const { index } = await getSearchIndex();
    const texts = relevantUnits("can I define my own ones of those?", q, index.router()).map((u) => u.text);
    expect(texts).toContain("You can define and send custom signals of your own");
    expect(texts.some((t) => t.includes("order_shipped = Signal()"))).toBe(true);
  });
});

describe("composition: lists", () => {
  it("never quotes a list's intro without any of its items", () => {
    const units = answerUnits(question("Factories help:\n- testing\n- configuration\n\nThey return the app.")).map((u) => ({ ...u, relevance: 1 }));
    const introOnly = units.filter((u) => u.kind === "sentence" && !u.text.startsWith("- "));
    expect(withoutDanglingIntros(introOnly).map((u) => u.text)).toEqual(["They return the app."]);
    expect(withoutDanglingIntros(units)).toHaveLength(units.length);
  });
});

describe("comparison questions", () => {
  it.each([
    ["what's the difference between get() and filter()?", ["get()", "filter()"]],
    ["LoginRequiredMixin vs the login_required decorator", ["LoginRequiredMixin", "the login_required decorator"]],
    ["should I store it in a cookie or the session, for a cart?", ["in a cookie", "the session"]],
  ])("%s compares %j", (query, sides) => {
    expect(comparedSides(query)).toEqual(sides);
  });

  it("an 'or' that offers no choice is not a comparison", () => {
    expect(comparedSides("how do I add or remove a header in middleware")).toBeNull();
  });

  it("quotes both sides of a comparison", async () => {
    const answer = [
      "Forms come in two kinds.",
      "",
      "```python",
      "# A plain form lists its fields",
      "class ContactForm(forms.Form):",
      "    name = forms.CharField()",
      "",
      "# A model form takes them from the model",
      "class BookForm(forms.ModelForm):",
      "    class Meta:",
      "        model = Book",
      "```",
    ].join("\n");
    const q = question(answer);
    const { index } = await getSearchIndex();
    const units = relevantUnits("should I use a Form or a ModelForm for my Book page?", q, index.router());
    const text = fitted([{ question: q, units }], renderSections);
    expect(text).toContain("forms.Form)");
    expect(text).toContain("forms.ModelForm)");
  });
});

describe("out-of-scope topics", () => {
  it("finds the listed topic a query is about", async () => {
    const { index } = await getSearchIndex();
    expect(nearestOutOfScope("celery worker with a redis broker for slow jobs", index.router())?.topic).toMatch(/background jobs/);
  });

  it("a malformed file fails with its name and the problem", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "oos-")), "out-of-scope.json");
    writeFileSync(file, JSON.stringify({ topics: [{ topic: "x", askedAs: ["only one"] }] }));
    expect(() => loadOutOfScope(file)).toThrow(/out-of-scope\.json[\s\S]*askedAs/);
  });
});
