import { TRACKS, type Track } from "./schema";

/**
 * A track's name as people write or dictate it: any case, and speech-to-text's split compounds
 * ("fast api"), so each letter may be followed by one space.
 */
const NAMES = TRACKS.map((track) => ({ track, pattern: new RegExp(`\\b${[...track].join(" ?")}\\b`, "i") }));

/** Every track a text names, in TRACKS order. */
export function tracksNamedIn(text: string): Track[] {
  return NAMES.filter((n) => n.pattern.test(text)).map((n) => n.track);
}
