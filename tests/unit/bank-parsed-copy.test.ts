import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CONTENT_DIR, loadBank, loadBankOrParsedCopy, saveParsedBank } from "@/lib/bank/load";
import { BankFormatError } from "@/lib/bank/parse";

/**
 * The build's parsed copy of the bank (lib/bank/load.ts) is what start-up reads instead of parsing
 * the markdown, but only while it was parsed from the content there now: an edited content file
 * is parsed again (and a malformed one still fails with its file and line).
 */
describe("the parsed copy of the bank", () => {
  let dir: string;
  let content: string;
  let file: string;
  const markdown = () => path.join(content, "web-frameworks.md");

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "rehearse-parsed-bank-"));
    content = path.join(dir, "content");
    cpSync(path.join(CONTENT_DIR, "web-frameworks.md"), markdown());
    file = path.join(dir, "bank", "bank.json");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The saved copy with its first title changed, so that a read of the copy can be told from a parse. */
  function markCopy(): void {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { questions: { title: string }[] };
    saved.questions[0]!.title = "Read from the parsed copy";
    writeFileSync(file, JSON.stringify(saved));
  }

  it("is read while the content it was parsed from is unchanged, and holds what parsing gives", () => {
    const parsed = loadBank(content);
    saveParsedBank(parsed, file, content);
    expect(loadBankOrParsedCopy(content, file)).toEqual(parsed);
    markCopy();
    expect(loadBankOrParsedCopy(content, file)[0]!.title).toBe("Read from the parsed copy");
  });

  it("is not read once a content file changed: the edited markdown is parsed again", () => {
    saveParsedBank(loadBank(content), file, content);
    markCopy();
    const first = loadBank(content)[0]!;
    writeFileSync(markdown(), readFileSync(markdown(), "utf8").replace(first.title, `${first.title} (edited)`));
    expect(loadBankOrParsedCopy(content, file)[0]!.title).toBe(`${first.title} (edited)`);
  });

  it("a malformed content file still fails with its problem, whatever the copy holds", () => {
    saveParsedBank(loadBank(content), file, content);
    writeFileSync(markdown(), `${readFileSync(markdown(), "utf8")}\n\`\`\`python\nnever closed\n`);
    expect(() => loadBankOrParsedCopy(content, file)).toThrow(BankFormatError);
  });

  it("a copy that is missing, unreadable or of another shape is ignored", () => {
    const parsed = loadBank(content);
    expect(loadBankOrParsedCopy(content, file)).toEqual(parsed);
    saveParsedBank(parsed, file, content);
    writeFileSync(file, "{ not json");
    expect(loadBankOrParsedCopy(content, file)).toEqual(parsed);
    writeFileSync(file, JSON.stringify({ format: 999, questions: [] }));
    expect(loadBankOrParsedCopy(content, file)).toEqual(parsed);
  });
});
