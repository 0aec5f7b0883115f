import { MONTHS } from '../rules/dates.ts';
import { DE_MONTHS, FR_MONTHS } from '../rules/lexicon-dates.ts';
import { wordNumber } from '../rules/numbers.ts';

/**
 * What a quote can state, read generously: every number in any grouping (1,234.56 / 1.234,56 /
 * 1'234.56 / 1 234,56 / 12,00,000 / "1.2 million" / words), every date in ISO, numeric (either order)
 * or written form with English, German or French month names, and strings modulo case and
 * punctuation. The verifier asks "does the quote state this value", so a form it cannot read drops
 * a true value; reading each token every way it could be meant only lets through values the quote
 * does write in some form.
 */

// A space (or a line break, where a PDF wrapped "2 000,00") groups thousands only before exactly three digits.
const NUMBER = /\d+(?:(?:[,.'’\u00a0\u202f]|\s+(?=\d{3}(?!\d)))\d+)*/g;
const SCALE =
  /^\s*(million|millions|mio\.?|mn|m(?![a-z])|k(?![a-z])|thousand|tausend|mille|lakh|crore|bn|billion|milliards?|mrd\.?)/i;
const SCALES: Record<string, number> = {
  million: 1e6,
  millions: 1e6,
  mio: 1e6,
  mn: 1e6,
  m: 1e6,
  k: 1e3,
  thousand: 1e3,
  tausend: 1e3,
  mille: 1e3,
  lakh: 1e5,
  crore: 1e7,
  bn: 1e9,
  billion: 1e9,
  milliard: 1e9,
  milliards: 1e9,
  mrd: 1e9,
};

/** Every value a written number can be: all separators as grouping, or the last . or , as the decimal point. */
function readings(token: string): number[] {
  const out = [Number(token.replace(/\D/g, ''))];
  const last = /[.,](\d+)$/.exec(token);
  if (last) out.push(Number(`${token.slice(0, last.index).replace(/\D/g, '')}.${last[1]}`));
  return out;
}

/** Number words in German and French a contract uses for day counts and hours (English comes from wordNumber). */
const WORDS: Record<string, number> = {
  zehn: 10,
  vierzehn: 14,
  fünfzehn: 15,
  zwanzig: 20,
  dreißig: 30,
  dreissig: 30,
  fünfundvierzig: 45,
  sechzig: 60,
  neunzig: 90,
  dix: 10,
  quatorze: 14,
  quinze: 15,
  vingt: 20,
  trente: 30,
  'quarante-cinq': 45,
  soixante: 60,
  'quatre-vingt-dix': 90,
};

/** Every number a quote states, in every reading. */
export function numbersIn(quote: string): number[] {
  const out: number[] = [];
  for (const m of quote.matchAll(NUMBER)) {
    const token = m[0];
    const parts = [token, ...token.split(/[\s\u00a0\u202f]+/)];
    const vals = parts.flatMap(readings);
    out.push(...vals);
    const scale = SCALE.exec(quote.slice((m.index ?? 0) + token.length));
    const f = scale ? SCALES[(scale[1] ?? '').toLowerCase().replace('.', '')] : undefined;
    if (f) out.push(...vals.map((v) => Math.round(v * f * 1e6) / 1e6));
  }
  for (const m of quote.matchAll(/\p{L}+(?:[ -]\p{L}+)*/gu)) {
    for (const w of m[0].split(/\s+/)) {
      const n = WORDS[w.toLowerCase()];
      if (n !== undefined) out.push(n);
    }
    const n = wordNumber(m[0]);
    if (n !== null) out.push(n);
    // "thirty days": the number words inside a longer run of words.
    for (const w of m[0].split(/\s+/)) {
      const k = wordNumber(w);
      if (k !== null) out.push(k);
    }
  }
  return out;
}

/** True when the quote writes the number in any form. */
export function statesNumber(quote: string, value: number): boolean {
  return numbersIn(quote).some((n) => Math.abs(n - value) < 1e-9);
}

/** Short forms a quote may write that the rules' month tables (English, German, French) do not read. */
const SHORT_MONTHS: Record<string, number> = {
  janv: 1,
  jaenner: 1,
  feber: 2,
  févr: 2,
  fevr: 2,
  fév: 2,
  mrz: 3,
  avr: 4,
  juil: 7,
  okt: 10,
  dez: 12,
  déc: 12,
};
const MONTH_OF = new Map(Object.entries({ ...MONTHS, ...DE_MONTHS, ...FR_MONTHS, ...SHORT_MONTHS }));
const MONTH = `(${[...MONTH_OF.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const ORD = '(?:st|nd|rd|th|er|e|\\.)?';
const YEAR = '(\\d{4}|\\d{2})';

const iso = (y: number, m: number, d: number): string | null => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
};
const year = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));
const month = (name: string): number => MONTH_OF.get(name.toLowerCase()) ?? 0;

const DATE_FORMS: Array<[RegExp, (m: RegExpExecArray) => Array<string | null>]> = [
  [/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, (m) => [iso(+(m[1] ?? 0), +(m[2] ?? 0), +(m[3] ?? 0))]],
  [
    /(?<![\d.])(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?!\d)/g,
    (m) => [iso(year(m[4] ?? ''), +(m[3] ?? 0), +(m[1] ?? 0)), iso(year(m[4] ?? ''), +(m[1] ?? 0), +(m[3] ?? 0))],
  ],
  [
    new RegExp(
      `(?<![\\d\\p{L}])(\\d{1,2})${ORD}\\s*(?:day\\s+of\\s+|of\\s+)?${MONTH}(?![\\p{L}]),?\\s+(\\d{4})`,
      'giu',
    ),
    (m) => [iso(+(m[3] ?? 0), month(m[2] ?? ''), +(m[1] ?? 0))],
  ],
  [
    new RegExp(`(?<![\\p{L}])${MONTH}(?![\\p{L}])\\s*(\\d{1,2})${ORD},?\\s+(\\d{4})`, 'giu'),
    (m) => [iso(+(m[3] ?? 0), month(m[1] ?? ''), +(m[2] ?? 0))],
  ],
  [
    new RegExp(`(?<!\\d)(\\d{1,2})[-\\s]${MONTH}[-\\s]${YEAR}(?!\\d)`, 'giu'),
    (m) => [iso(year(m[3] ?? ''), month(m[2] ?? ''), +(m[1] ?? 0))],
  ],
];

/** Every date a quote states (both readings of an ambiguous numeric date). */
export function datesIn(quote: string): string[] {
  const out: string[] = [];
  for (const [re, read] of DATE_FORMS) for (const m of quote.matchAll(re)) for (const d of read(m)) if (d) out.push(d);
  return out;
}

/** True when the quote writes the ISO date in any form. */
export const statesDate = (quote: string, value: string): boolean => datesIn(quote).includes(value);

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** True when the quote writes the string, modulo case, accents, spacing and punctuation ("PO 4500-12" states "PO-450012", "PURIRI" states "Pūriri"). */
export const statesString = (quote: string, value: string): boolean =>
  fold(value) !== '' && fold(quote).includes(fold(value));

/** Wording that states a tax rate of zero without the digit. */
export const ZERO_TAX =
  /\b(?:reverse[- ]charge|(?:tax|vat|gst)[- ]exempt|exempt(?:ed)? from (?:\w+ )?(?:tax|vat|gst|sales tax)|zero[- ]rated|no (?:vat|gst|sales tax)|not subject to (?:\w+ )?(?:tax|vat|gst))\b|steuerfrei|Steuerschuldnerschaft des Leistungsempfängers|Reverse[- ]Charge|autoliquidation|exonér|non assujetti|hors champ/i;

/** Wording that states that no unused hours carry over (a rollover of 0) without the digit. */
export const NO_ROLLOVER =
  /\b(?:(?:will|shall|are|is)\s+(?:be\s+)?(?:lost|forfeited)|(?:do(?:es)?|will|shall|cannot|can ?not|may not)\s+(?:not\s+)?(?:be\s+)?(?:roll(?:ed)?|carr(?:y|ied))\s+(?:over|forward)|no\s+(?:roll-?over|carry[- ]?(?:over|forward)))|verfallen|verfällt|nicht\s+übertragbar|nicht\s+übertragen|ne\s+sont\s+pas\s+report|non\s+reportables?|sont\s+perdues/i;
