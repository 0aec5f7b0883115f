import type { Value } from './change-values.ts';

/**
 * Orders of old and new values no single phrase of the change rules reads: an arrow between them ("End date:
 * 31-Oct-2028 -> 31-Mar-2029"), and two dates after "statt" / "instead of" ("statt am A am B": the old, then the new).
 */

/** An arrow right after the first value, before the second: "520 hours -> 640 hours". */
export const ARROW_BETWEEN = /^[^\n]{1,30}?\s(?:->|→|⇒|➔|⟶)\s+\S{0,4}$/u;

/** Two dates after "statt" / "instead of" / "au lieu du", the second right after the first: the old, then the new. */
export const insteadThen = (text: string, start: number, dates: Value[]): boolean =>
  /(?<![\p{L}])(?:statt|anstelle\s+von|instead\s+of|rather\s+than|au\s+lieu\s+du)\s+(?:am|on|le|dem|the)?\s*$/iu.test(
    text.slice(start, dates[0]?.start ?? start),
  ) && /^[^,;:()\n]{4,28}$/u.test(text.slice(dates[0]?.start ?? 0, dates[1]?.start ?? 0));
