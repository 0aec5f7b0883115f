import { ISO_BY_CODE } from '../../shared/iso4217.ts';
import { esc, LETTER_FORMS, letterMark } from './currency-table.ts';

/**
 * Where a document places itself, read from its words: the evidence column of the ISO table (src/shared/iso4217.ts)
 * scored over a text, and the letter symbols ("P 1,080.00", "E48,500.00", "K 0.85") that this placement makes money.
 */

/** A term standing alone: not inside a longer word or number. */
const alone = (src: string): string => `(?<![\\p{L}\\p{N}])(?:${src})(?![\\p{L}\\p{N}])`;

/** Per currency, one pattern per evidence term of the ISO table, and whether it is a tax or registration form. */
const EVIDENCE = new Map(
  [...ISO_BY_CODE.values()].map((c) => [
    c.code,
    c.evidence.map((e) => ({ re: new RegExp(alone(esc(e.term)), 'u'), strong: e.strong })),
  ]),
);
/** A governing-law or jurisdiction clause: the country it names counts more than an address. */
const GOVERNING =
  /(?:governed by|laws? of|governing law|jurisdiction of|courts? of|Recht|Gerichtsstand|droit|tribunaux)[^\n.;]{0,100}/giu;

/**
 * How strongly a text places itself in a currency's country: each evidence term found counts 1 (a national tax or
 * registration form 2), and 2 more when a governing-law or jurisdiction clause names it.
 */
export function evidenceIn(text: string, code: string): number {
  const terms = EVIDENCE.get(code) ?? [];
  if (terms.length === 0) return 0;
  const clauses = [...text.matchAll(GOVERNING)].map((m) => m[0]);
  let score = 0;
  for (const t of terms) {
    if (!t.re.test(text)) continue;
    score += t.strong ? 2 : 1;
    if (clauses.some((c) => t.re.test(c))) score += 2;
  }
  return score;
}

/** A letter symbol before an amount written as money (grouped thousands or cents): "P 1,080.00", "D 4.75". */
const LETTER = new RegExp(
  `(?<![\\p{L}\\p{N}.,/&'-])([${[...LETTER_FORMS.keys()].join('')}])(?=\\s?(?:\\d{1,3}(?:[ ,.'\\u00a0\\u202f]\\d{3})+(?!\\d)|\\d+[.,]\\d{2}(?!\\d)))`,
  'gu',
);

/** Per letter-symbol currency, its ISO code and the names only it bears ("pula", "Naira", "emalangeni"). */
const OWN_NAMES = new Map(
  [...new Set([...LETTER_FORMS.values()].flat())].map((code) => {
    const c = ISO_BY_CODE.get(code);
    const names = c
      ? [...c.names.en, ...c.names.de, ...c.names.fr].filter((n) => !n.shared).map((n) => esc(n.name))
      : [];
    return [code, new RegExp(`${alone(code)}|${alone(`(?:${names.join('|')})s?`)}`, 'iu')];
  }),
);

/**
 * The currency a letter symbol names in a text: the one of its candidates whose country the text names, or whose code
 * or own name it writes ("N18,600,000.00 (… Naira)", 2 points), alone; null when none or several are placed ("K" in a
 * contract naming neither Zambia, Malawi, Papua New Guinea, Myanmar nor their currencies).
 */
export function letterCurrency(text: string, letter: string): string | null {
  const placed = (LETTER_FORMS.get(letter) ?? [])
    .map((code) => ({ code, score: evidenceIn(text, code) + (OWN_NAMES.get(code)?.test(text) ? 2 : 0) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  const top = placed[0];
  return top && (placed[1]?.score ?? 0) < top.score ? top.code : null;
}

/**
 * Marks each letter symbol the document's placement decides with its currency's mark (one private-use character, so
 * offsets and the length stay; quotes come from the original text): "E48,500.00" in a contract signed in Mbabane is
 * then read as money in lilangeni by every rule, as "₦" or "GH₵" are. A letter nothing places stays a letter.
 */
export function markLetterSymbols(text: string): string {
  const decided = new Map<string, string | null>();
  return text.replace(LETTER, (letter: string) => {
    if (!decided.has(letter)) decided.set(letter, letterCurrency(text, letter));
    const code = decided.get(letter);
    return code ? letterMark(code) : letter;
  });
}
