/**
 * Words that carry no meaning for retrieval: common English function words, question
 * scaffolding ("how do you explain") and the fillers of spoken queries ("um", "like").
 * Shared by the full-text tokenizer and the local embedders so both ignore the same words.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again all also am an and any are aren't as at be been before being below between both but by
can can't could couldn't did didn't do does doesn't doing don't down during each else etc even ever every few for from
further get gets getting go goes going got had hadn't has hasn't have haven't having he her here hers herself him himself
his how i i'd i'll i'm i've if in into is isn't it it's its itself just let let's me might more most much must my myself
no nor not now of off on once only or other ought our ours ourselves out over own per please really same say says shall
she should shouldn't so some such than that that's the their theirs them themselves then there there's these they they're
this those through thing things to too under until up upon us very was wasn't we we're were weren't what what's when
where which while who whom why will with within without won't would wouldn't yes yet you you'd you'll you're you've your
yours yourself yourselves
um uh uhm erm hmm like basically actually kind sort okay ok yeah well mean gonna wanna
explain describe tell give example examples use used using work works way ways happen happens need needs want wants
make makes made`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Lower-cased words of a text, split the way code is read: `select_related` and
 * `form.non_field_errors` also yield their parts, so "select related" finds `select_related`.
 */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[a-z0-9][a-z0-9_'.-]*/g) ?? []) {
    const word = raw.replace(/['.-]+$/, "").replace(/'s$/, "");
    if (!word) continue;
    const parts = word.split(/[_.-]+/).filter(Boolean);
    if (parts.length > 1) out.push(word.replace(/[.]/g, "_"), ...parts);
    else out.push(word);
  }
  return out;
}

/** The words of a text that carry meaning (stop words and fillers removed). */
export function contentWords(text: string): string[] {
  return wordsOf(text).filter((w) => !STOP_WORDS.has(w) && w.length > 1);
}
