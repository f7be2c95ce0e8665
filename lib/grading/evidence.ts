/**
 * Evidence must be the candidate's own words. Both judges run every quoted span through
 * `verifyEvidence`; a span that is not in the answer counts as if the point were missed.
 */

function canonical(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}

/** Quote marks and trailing punctuation a judge may add around a quotation. */
function trimQuote(text: string): string {
  return text.replace(/^["'`\s]+|["'`\s]+$/g, "").replace(/[.,;:!?]+$/, "").trim();
}

/**
 * True when `evidence` is a verbatim span of `answer`, ignoring case and whitespace. An
 * ellipsis ("…" or "...") may join several spans that appear in that order.
 */
export function verifyEvidence(answer: string, evidence: string): boolean {
  const haystack = canonical(answer);
  const parts = canonical(evidence)
    .split(/\s*(?:\.{3,}|…)\s*/)
    .map(trimQuote)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return false;
  let from = 0;
  for (const part of parts) {
    const at = haystack.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  // A few characters ("the", "a") prove nothing.
  return parts.join("").replace(/[^a-z0-9]/g, "").length >= 3;
}
