import { describe, expect, it } from "vitest";
import { speakableText } from "@/lib/voice/speech-text";

describe("speakableText", () => {
  it.each([
    ["What does `select_related` do?", "What does select related do?"],
    ["Why use `@login_required`?", "Why use at login required?"],
    ["What goes in `__init__.py`?", "What goes in dunder init dot py?"],
    ["Compare ASGI and WSGI.", "Compare A S G I and W S G I."],
    ["Use select_related() or prefetch_related().", "Use select related or prefetch related."],
    ["How do you use Jinja2 templates in Flask?", "How do you use Jinja 2 templates in Flask?"],
    ["Explain `*args` and `**kwargs`.", "Explain star args and double star kwargs."],
    ["What is a ModelForm?", "What is a Model Form?"],
    ["Why FastAPI over Flask?", "Why Fast A P I over Flask?"],
    ["Configure it in settings.py and .env files.", "Configure it in settings dot py and dot env files."],
    ["Explain Django's MVT (Model-View-Template) architecture.", "Explain Django's M V T (Model-View-Template) architecture."],
  ])("%s", (input, spoken) => {
    expect(speakableText(input)).toBe(spoken);
  });

  it("says HTTP verbs and JSON as words, not letters", () => {
    expect(speakableText("Return JSON for GET and POST requests.")).toBe("Return Json for Get and Post requests.");
  });

  it("leaves prose, abbreviations and version numbers alone", () => {
    const prose = "Middleware runs before the view, e.g. for sessions, since Python 3.10 and so on.";
    expect(speakableText(prose)).toBe(prose);
  });

  it("drops markdown emphasis and code blocks", () => {
    const spoken = speakableText("**Answer:** see\n```python\nx = 1\n```\nabove");
    expect(spoken).toContain("Answer: see");
    expect(spoken).toContain("(code example omitted)");
    expect(spoken).not.toContain("x = 1");
  });

  it("speaks plural acronyms and dotted attributes", () => {
    expect(speakableText("Build REST APIs with models.Model")).toBe("Build Rest A P I s with models dot Model");
  });
});
