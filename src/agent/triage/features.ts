import { matchingCues } from './cues.ts';

/**
 * Features of a message for the built-in classifier: word unigrams and bigrams, and character
 * 3- to 5-grams inside words (German compounds such as "Bestellnummer" share "bestell" with
 * "Bestellung"), and one feature per matching cue (cues.ts). Text is folded first: lower case, umlauts and ß spelt out, accents dropped, digits
 * replaced by '#', so "PO 4500012345" and "PO 4500098812" look alike.
 */

const FOLD: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Lower-cased, umlaut-folded, accent-free text with digits as '#'. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\d/g, '#');
}

/** The words of folded text: letters (and '#' runs) of at least two characters. */
export function words(folded: string): string[] {
  return folded.match(/[\p{L}#]{2,}/gu) ?? [];
}

/** Whether a feature is a word feature (for explanations) rather than a character n-gram. */
export const isWordFeature = (f: string): boolean => f.startsWith('w:') || f.startsWith('b:');

/** The set of features present in a text (presence, not counts: short texts gain nothing from repeats). */
export function featuresOf(text: string): Set<string> {
  const ws = words(foldText(text));
  const out = new Set<string>();
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    out.add(`w:${w}`);
    if (i + 1 < ws.length) out.add(`b:${w} ${ws[i + 1]}`);
    const padded = ` ${w} `;
    for (let n = 3; n <= 5; n++) {
      for (let j = 0; j + n <= padded.length; j++) out.add(`c:${padded.slice(j, j + n)}`);
    }
  }
  for (const c of matchingCues(text)) out.add(`r:${c.id}`);
  return out;
}
