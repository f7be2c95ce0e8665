/**
 * Stage "depth": does the answer explain why, give an example, weigh a trade-off? Read from the
 * language of explanation, not from any topic, so it applies to every question. Depth only earns
 * in proportion to coverage (score.ts): explaining the wrong thing well is still the wrong thing.
 */
import type { DepthSignals } from "../score";

const WHY =
  /\b(?:because|so\s+that|since\s+(?:it|the|you|that|they)|which\s+means|that'?s\s+why|the\s+reason|in\s+order\s+to|otherwise|the\s+point\s+is|this\s+way|so\s+you\s+(?:don'?t|can|avoid))\b/i;
const EXAMPLE =
  /\b(?:for\s+example|for\s+instance|e\.g\.|say\s+(?:i|you|we)|imagine|picture|such\s+as|like\s+when|in\s+(?:my|our|a\s+real)\s+(?:project|app)|we\s+(?:used|had)|i'?ve\s+used)\b|[a-z_]+\([^)]*\)|`[^`]+`|\w+\.\w+\(/i;
const TRADE_OFF =
  /\b(?:trade-?offs?|downside|drawback|instead|rather\s+than|versus|vs\.?|whereas|unless|on\s+the\s+other\s+hand|the\s+catch|overhead|careful|be\s+aware|pitfall|gotcha|at\s+the\s+cost|only\s+(?:when|if)|don'?t\s+(?:use|put)|avoid)\b/i;

export function depthOf(text: string): DepthSignals {
  return { explainsWhy: WHY.test(text), givesExample: EXAMPLE.test(text), discussesTradeOff: TRADE_OFF.test(text) };
}
