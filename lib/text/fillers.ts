/**
 * Fillers: words that carry nothing, in typed answers (the analyser marks them) and in spoken ones
 * (the delivery report counts them). Dependency-free, so a browser module may import it.
 */

/** Sounds made while thinking: always fillers, in typed and in spoken answers alike. */
export const HESITATIONS: ReadonlySet<string> = new Set(["um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "mm", "mhm", "ah", "eh"]);

/** One spelling per hesitation, so a delivery report counts "umm" and "uhm" as the "um" they are. */
export function hesitationOf(word: string): string {
  return word === "umm" || word === "uhm" ? "um" : word === "uhh" ? "uh" : word === "erm" ? "er" : word;
}

/** Said while thinking, or said instead of a symbol in spoken code ("select underscore related"). */
export const FILLERS: ReadonlySet<string> = new Set([...HESITATIONS, "underscore", "dot"]);
