import { MINOR_UNITS } from '../../shared/currency.ts';
import { AMOUNT, AMOUNT_SPACED, parseAmount, type NumberStyle } from './numbers.ts';

/** Money expressions in contract text: symbols, ISO codes and currency words, before or after the amount. */

/** Symbols and prefixes that name exactly one currency. A bare "$" is resolved per document. */
const SYMBOLS: Record<string, string> = {
  C$: 'CAD',
  CA$: 'CAD',
  CAD$: 'CAD',
  CDN$: 'CAD',
  Cdn$: 'CAD',
  US$: 'USD',
  'U.S.$': 'USD',
  USD$: 'USD',
  A$: 'AUD',
  AU$: 'AUD',
  NZ$: 'NZD',
  S$: 'SGD',
  HK$: 'HKD',
  R$: 'BRL',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '￥': 'JPY',
  '₹': 'INR',
  'SFr.': 'CHF',
  'Fr.': 'CHF',
  'Rs.': 'INR',
  R: 'ZAR',
  Kč: 'CZK',
  zł: 'PLN',
  円: 'JPY',
  '₦': 'NGN',
  '₱': 'PHP',
  '₩': 'KRW',
  '฿': 'THB',
  '₫': 'VND',
  'GH₵': 'GHS',
  NT$: 'TWD',
  MX$: 'MXN',
  KSh: 'KES',
  Ksh: 'KES',
  KShs: 'KES',
  TSh: 'TZS',
  USh: 'UGX',
  Rp: 'IDR',
  RM: 'MYR',
  DH: 'MAD',
  Dhs: 'MAD',
  FCFA: 'XOF',
  'F CFA': 'XOF',
  // The Algerian dinar's "DA", written after the amount only: "45 000,00 DA".
  DA: 'DZD',
};
const WORDS: [RegExp, string][] = [
  [/^(swiss\s+)?francs?$/i, 'CHF'],
  [/^euros?$/i, 'EUR'],
  [/^(pounds?(\s+sterling)?|sterling)$/i, 'GBP'],
  [/^(japanese\s+)?yen$/i, 'JPY'],
  [/^(u\.?s\.?|united\s+states|american)\s+dollars?$/i, 'USD'],
  [/^canadian\s+dollars?$/i, 'CAD'],
  [/^rands?$/i, 'ZAR'],
  [/^nairas?$/i, 'NGN'],
  [/^(?:kenyan?\s+)?shillings?$/i, 'KES'],
  [/^(?:philippine\s+)?pesos?$/i, 'PHP'],
  [/^(?:indian\s+)?rupees?$/i, 'INR'],
  [/^dirhams?$/i, 'MAD'],
  [/^francs?\s+CFA$/i, 'XOF'],
  [/^dinars?\s+alg[ée]riens?$/i, 'DZD'],
  [/^ariary$/i, 'MGA'],
];

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CODES = Object.keys(MINOR_UNITS).join('|');
/** Symbols written after the amount only: "1 850,- Kč", "4 200 zł", "50,000円". */
const SUFFIX_ONLY = new Set(['Kč', 'zł', '円', 'DA']);
/** Symbols that may also follow the amount: "1 850 000 FCFA", "6 500,00 DH HT", "4,750,000 ₦". */
const SUFFIX_SYMBOLS = ['€', 'Kč', 'zł', '円', '₦', '₱', '₩', '฿', '₫', 'F\\s?CFA', 'DH', 'Dhs', 'KSh', 'DA']
  .map((k) => (k.includes('\\') ? k : esc(k)) + (/[A-Za-z]$/.test(k) ? '(?![A-Za-z])' : ''))
  .join('|');
const SYMBOL_SRC = [
  ...Object.keys(SYMBOLS)
    .filter((k) => k !== 'R' && !SUFFIX_ONLY.has(k))
    .sort((a, b) => b.length - a.length)
    // A symbol made of letters ("DH", "Rp", "KSh") starts a word, never ends one ("ERP 2").
    .map((k) => (/^[A-Za-z]/.test(k) ? `(?<![A-Za-z])${esc(k)}` : esc(k))),
  '\\$',
  // The rand's "R" only before an amount that is plainly money (grouped thousands or cents): "R 14 850,00", "R312,000.00".
  '\\bR(?=\\s?\\d{1,3}(?:[ ,.\\u00a0]\\d{3})+|\\s?\\d+[.,]\\d{2}(?!\\d))',
].join('|');
// Case-insensitive by hand: the combined pattern cannot take the i flag (ISO codes must be upper case).
const WORD_SRC =
  '(?:[Ss]wiss\\s+)?[Ff]rancs?(?:\\s+CFA)?|[Rr]ands?|[Nn]airas?|(?:[Kk]enyan?\\s+)?[Ss]hillings?|(?:[Pp]hilippine\\s+)?[Pp]esos?|(?:[Ii]ndian\\s+)?[Rr]upees?|[Dd]irhams?|[Dd]inars?\\s+alg[ée]riens?|[Aa]riary|[Ee]uros?|[Pp]ounds?(?:\\s+[Ss]terling)?|(?:[Jj]apanese\\s+)?[Yy]en|(?:U\\.?S\\.?|[Uu]nited\\s+[Ss]tates|[Cc]anadian)\\s+[Dd]ollars?';

/** Regex source of a money expression; groups: pc (prefix currency), pn, pd (",-" cents), sn (suffix amount), sc. */
export const MONEY = `(?:(?<pc>${SYMBOL_SRC}|\\b(?:${CODES})\\b)\\s?(?<pn>${AMOUNT_SPACED}|${AMOUNT})(?<pd>[.,][-–]{1,2}(?![\\d-]))?(?!\\d)|(?<![\\d.,])(?<sn>${AMOUNT_SPACED}|${AMOUNT})(?<sd>[.,][-–]{1,2}(?![\\d-]))?\\s?(?<sc>${SUFFIX_SYMBOLS}|\\$(?!\\s?\\d)|\\b(?:${CODES})\\b|\\b(?:${WORD_SRC})\\b))`;

export interface FoundMoney {
  /** ISO code, or null for a bare "$" (resolve with the document's dollar currency). */
  currency: string | null;
  amount: string;
  start: number;
  end: number;
}

/** The ISO code a currency token names ("C$" → CAD, "CHF" → CHF, "Swiss francs" → CHF); null for "$". */
export function currencyOfToken(token: string): string | null {
  const t = token.trim().replace(/\s+/g, ' ');
  if (t === '$') return null;
  if (SYMBOLS[t]) return SYMBOLS[t] ?? null;
  if (/^[A-Z]{3}$/.test(t) && Object.hasOwn(MINOR_UNITS, t)) return t;
  for (const [re, code] of WORDS) if (re.test(t)) return code;
  return null;
}

/** Every money expression in a text, with offsets relative to `offset`. */
export function findMoney(text: string, style: NumberStyle, offset = 0): FoundMoney[] {
  const out: FoundMoney[] = [];
  for (const m of text.matchAll(new RegExp(MONEY, 'g'))) {
    const g = m.groups ?? {};
    // "€ 1.150,-", "Fr. 1'680.–": the dash stands for the cents, so its separator is the decimal one.
    const dash = g.pd ?? g.sd;
    const amount = parseAmount(g.pn ?? g.sn ?? '', dash ? (dash.startsWith(',') ? 'eu' : 'en') : style);
    if (amount === null) continue;
    const token = g.pc ?? g.sc ?? '$';
    out.push({
      currency: currencyOfToken(token),
      amount,
      start: offset + (m.index ?? 0),
      end: offset + (m.index ?? 0) + m[0].length,
    });
  }
  return out;
}

/** Parses one money string such as "CHF 1'920.00" or "¥45"; null when it is not money. */
export function parseMoney(text: string, style: NumberStyle): FoundMoney | null {
  const found = findMoney(text, style);
  return found.length === 1 && found[0] ? found[0] : null;
}
