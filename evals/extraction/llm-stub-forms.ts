/**
 * Where a value is written in a piece of text, in any of its usual forms, for the scripted models of
 * the LLM eval (llm-stub.ts). Deliberately independent of the extractor's own parsers (rules/numbers,
 * rules/dates): the oracle must find what a careful reader finds, so that a form the verifier cannot
 * read shows up as a verifier drop rather than being hidden by a shared blind spot.
 */

export interface Hit {
  start: number;
  end: number;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every value a digit group can be read as: any separator may be a thousands or the decimal separator. */
function readings(token: string): number[] {
  const seps = [...token.matchAll(/[^\d]+/g)];
  const digits = token.replace(/[^\d]/g, '');
  const out = new Set<number>([Number(digits)]);
  const last = seps[seps.length - 1];
  if (last && /^[.,]$/.test(last[0])) {
    const at = (last.index ?? 0) + 1;
    out.add(Number(`${token.slice(0, at - 1).replace(/[^\d]/g, '')}.${token.slice(at)}`));
  }
  return [...out];
}

const NUMBER_TOKEN = /\d+(?:(?:[,.'’\u00a0\u202f]|\s+(?=\d{3}(?!\d)))\d+)*/g;
const SCALE = /^\s*(million|mio\.?|mn|m\b|k\b|thousand|tausend|mille|crore|lakh)/i;
const SCALES: Record<string, number> = {
  million: 1e6,
  mio: 1e6,
  mn: 1e6,
  m: 1e6,
  k: 1e3,
  thousand: 1e3,
  tausend: 1e3,
  mille: 1e3,
  crore: 1e7,
  lakh: 1e5,
};

const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  zehn: 10,
  zwölf: 12,
  vierzehn: 14,
  fünfzehn: 15,
  zwanzig: 20,
  dreißig: 30,
  dreissig: 30,
  fünfundvierzig: 45,
  sechzig: 60,
  neunzig: 90,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  dix: 10,
  douze: 12,
  quinze: 15,
  vingt: 20,
  trente: 30,
  'quarante-cinq': 45,
  soixante: 60,
  'quatre-vingt-dix': 90,
};

/** Spans of the text where a number equal to `value` is written (digits in any grouping, a scale word, or a word). */
export function numberHits(text: string, value: number): Hit[] {
  const out: Hit[] = [];
  for (const m of text.matchAll(NUMBER_TOKEN)) {
    const start = m.index ?? 0;
    const tok = m[0].replace(/[ .,]+$/, '');
    const parts = [tok, ...tok.split(/[\s\u00a0\u202f]+/)];
    const after = SCALE.exec(text.slice(start + m[0].length));
    const scale = after ? (SCALES[(after[1] ?? '').toLowerCase().replace('.', '')] ?? 1) : 1;
    const vals = parts.flatMap(readings);
    if (vals.some((v) => Math.abs(v - value) < 1e-9 || Math.abs(v * scale - value) < 1e-6))
      out.push({ start, end: start + m[0].length + (after && scale !== 1 ? after[0].length : 0) });
  }
  for (const [w, n] of Object.entries(WORDS)) {
    if (n !== value) continue;
    for (const m of text.matchAll(new RegExp(`(?<![\\p{L}])${esc(w)}(?![\\p{L}])`, 'giu')))
      out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

const MONTHS: string[][] = [
  ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'fév'],
  ['march', 'mar', 'märz', 'maerz', 'mars'],
  ['april', 'apr', 'avril', 'avr'],
  ['may', 'mai'],
  ['june', 'jun', 'juni', 'juin'],
  ['july', 'jul', 'juli', 'juillet', 'juil'],
  ['august', 'aug', 'août', 'aout'],
  ['september', 'sep', 'sept', 'septembre'],
  ['october', 'oct', 'oktober', 'okt', 'octobre'],
  ['november', 'nov', 'novembre'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc'],
];

/** Spans where an ISO date (YYYY-MM-DD) is written: ISO, numeric in either order, or with a month name (en, de, fr). */
export function dateHits(text: string, iso: string): Hit[] {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const yy = String(y).slice(2);
  const D = `0?${d}`;
  const M = `0?${m}`;
  const Y = `(?:${y}|${yy})`;
  const month = `(?:${(MONTHS[m - 1] ?? []).map(esc).join('|')})\\.?`;
  const ord = '(?:st|nd|rd|th|er|\\.)?';
  const forms = [
    `${y}-0?${m}-0?${d}`,
    `${y}[/.]${M}[/.]${D}`,
    `${D}\\s?[./-]\\s?${M}\\s?[./-]\\s?${Y}`,
    `${M}[/-]${D}[/-]${Y}`,
    `(?:the\\s+)?${D}${ord}\\s+(?:day\\s+of\\s+)?${month},?\\s+${y}`,
    `${month}\\s+${D}${ord},?\\s+${y}`,
    `${D}-${month}-${Y}`,
  ];
  const re = new RegExp(`(?<![\\d\\p{L}])(?:${forms.join('|')})(?![\\d\\p{L}])`, 'giu');
  return [...text.matchAll(re)].map((x) => ({ start: x.index ?? 0, end: (x.index ?? 0) + x[0].length }));
}

/** Spans where a string is written, case-insensitively, modulo whitespace, dashes and quote marks. */
export function stringHits(text: string, s: string): Hit[] {
  const body = s
    .trim()
    .split(/\s+/)
    // A PDF may wrap a value after a slash or a dash ("KPT/\nLPO/2027/0688").
    .map((w) =>
      [...w]
        .map((c) => (/[-–—‑]/.test(c) ? '[-–—‑]\\s*' : /['’‘]/.test(c) ? "['’‘]" : c === '/' ? '/\\s*' : esc(c)))
        .join(''),
    )
    .join('\\s+');
  if (body === '') return [];
  return [...text.matchAll(new RegExp(body, 'giu'))].map((x) => ({
    start: x.index ?? 0,
    end: (x.index ?? 0) + x[0].length,
  }));
}

/** Spans of a set of alternative keywords (whole words). */
export function wordHits(text: string, words: readonly string[]): Hit[] {
  if (words.length === 0) return [];
  const re = new RegExp(`(?<![\\p{L}])(?:${words.map(esc).join('|')})(?![\\p{L}])`, 'giu');
  return [...text.matchAll(re)].map((x) => ({ start: x.index ?? 0, end: (x.index ?? 0) + x[0].length }));
}

/** Local symbols and names of the currencies the corpora use, beside the ISO code itself. */
export const CURRENCY_FORMS: Record<string, string[]> = {
  USD: ['US$', 'USD', 'US dollars', 'dollars', '$'],
  EUR: ['€', 'euro', 'euros', 'EUR'],
  GBP: ['£', 'pounds sterling', 'sterling', 'GBP'],
  CHF: ['CHF', 'Fr.', 'SFr.', 'francs suisses', 'Franken'],
  CAD: ['C$', 'CA$', 'CAD', 'Canadian dollars', '$'],
  AUD: ['A$', 'AU$', 'AUD', 'Australian dollars', '$'],
  NZD: ['NZ$', 'NZD', 'New Zealand dollars', '$'],
  SGD: ['S$', 'SGD', 'Singapore dollars'],
  HKD: ['HK$', 'HKD', 'Hong Kong dollars'],
  ZAR: ['ZAR', 'R', 'rand'],
  KES: ['KES', 'KSh', 'Ksh', 'Kenya shillings', 'Kenyan shillings'],
  NGN: ['NGN', '₦', 'naira'],
  PHP: ['PHP', '₱', 'pesos'],
  MYR: ['MYR', 'RM', 'ringgit'],
  AED: ['AED', 'dirhams', 'Dhs', 'dirham'],
  BDT: ['BDT', 'Tk', '৳', 'taka'],
  JMD: ['JMD', 'J$', 'Jamaican dollars'],
  TTD: ['TTD', 'TT$', 'Trinidad and Tobago dollars'],
  GHS: ['GHS', 'GH₵', '₵', 'cedis', 'cedi'],
  UGX: ['UGX', 'USh', 'Uganda shillings'],
  TZS: ['TZS', 'TSh', 'Tanzanian shillings'],
  LKR: ['LKR', 'Rs', 'rupees'],
  PKR: ['PKR', 'Rs', 'rupees'],
  INR: ['INR', '₹', 'Rs', 'rupees'],
  BND: ['BND', 'B$', 'Brunei dollars'],
  FJD: ['FJD', 'FJ$', 'Fiji dollars'],
  JPY: ['JPY', '¥', 'yen'],
  XOF: ['XOF', 'FCFA', 'F CFA', 'francs CFA'],
  XAF: ['XAF', 'FCFA', 'F CFA', 'francs CFA'],
  HTG: ['HTG', 'gourdes', 'gourde'],
  MUR: ['MUR', 'Rs', 'roupies', 'rupees'],
  LBP: ['LBP', 'L£', 'livres libanaises'],
  MAD: ['MAD', 'DH', 'dirhams'],
  TND: ['TND', 'DT', 'dinars'],
  DZD: ['DZD', 'DA', 'dinars'],
  MGA: ['MGA', 'Ariary', 'Ar'],
};

/** Spans where a currency is named: code first, then local symbols and names. */
export function currencyHits(text: string, code: string): Hit[] {
  const codeHits = wordHits(text, [code]);
  if (codeHits.length) return codeHits;
  return (CURRENCY_FORMS[code] ?? []).flatMap((f) => (/^\W|\W$/.test(f) ? stringHits(text, f) : wordHits(text, [f])));
}
