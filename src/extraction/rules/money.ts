import {
  isDollar,
  nameForm,
  NAME_SRC,
  READABLE_CODES,
  SYMBOL_FORMS,
  WORDLIKE_CODES,
  type CurrencyForm,
  type SharedForm,
} from './currency-table.ts';
import { ISO_BY_CODE } from '../../shared/iso4217.ts';
import { AMOUNT, AMOUNT_SPACED, parseAmount, type NumberStyle } from './numbers.ts';

/** Money expressions in contract text: symbols, ISO codes and currency words, before or after the amount. */

/**
 * Forms the rules read before the ISO table (currency-table.ts) existed: they keep their behaviour. A form of letters
 * only that the table adds ("Tk", "Rs", "kr", "QR") is read before an amount only when that amount is written as money.
 */
const LEGACY = new Set(
  'C$ CA$ CAD$ CDN$ Cdn$ US$ U.S.$ USD$ A$ AU$ NZ$ S$ HK$ R$ € £ ¥ ￥ ₹ SFr. Fr. Rs. Kč zł 円 ₦ ₱ ₩ ฿ ₫ GH₵ NT$ MX$ KSh Ksh KShs TSh USh Rp RM DH Dhs FCFA DA'.split(
    ' ',
  ),
);
LEGACY.add('F CFA');
/** Symbols written after the amount only: "1 850,- Kč", "4 200 zł", "50,000円", "45 000,00 DA". */
const SUFFIX_ONLY = new Set(['Kč', 'zł', '円', 'DA', 'Ft', 'лв', 'лв.', 'ден', 'сом', 'грн']);
/** Symbols that may also follow the amount: "1 850 000 FCFA", "6 500,00 DH HT", "4,750,000 ₦", "12 500 kr", "18 FDJ". */
const SUFFIX_FORMS = [
  ...[
    '€',
    '₦',
    '₱',
    '₩',
    '฿',
    '₫',
    'DH',
    'Dhs',
    'KSh',
    'kr',
    'kr.',
    'lei',
    'Ar',
    'FRw',
    'Frw',
    'FBu',
    'Fdj',
    'FDJ',
    'CFP',
  ],
  ...['VT', 'UM', 'DT'],
  ...['₸', '₴', '₽', '₺', '₾', '₼', '₪', '₡', '₲', '₭', '₮', '៛', ...SUFFIX_ONLY],
];
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An amount written as money: grouped thousands or cents ("R 14 850,00", "QR 12,000"). */
const MONEY_SHAPED = "(?=\\s?(?:\\d{1,3}(?:[ ,.'\\u00a0\\u202f]\\d{3})+|\\d+[.,]\\d{2}(?!\\d)))";
const lettersOnly = (k: string): boolean => /^[A-Za-z.]+$/.test(k);
/** A symbol made of letters ("DH", "Rp", "KSh") starts and ends a word ("ERP 2", "kronor" are no symbols). */
const wordForm = (k: string): string =>
  (/^[A-Za-z]/.test(k) ? '(?<![A-Za-z])' : '') + esc(k) + (/\p{L}$/u.test(k) ? '(?![A-Za-zÀ-ÿ])' : '');
const PREFIX_FORMS = [...SYMBOL_FORMS.keys()]
  .filter((k) => k !== '$' && k !== 'R' && !SUFFIX_ONLY.has(k) && !/^[A-Za-z]$/.test(k))
  .sort((a, b) => b.length - a.length);
const group = (forms: string[]): string => `(?:${forms.map(esc).join('|')})`;
// Grouped so that the pattern stays small: one guard per group, not per form.
const SYMBOL_SRC = [
  // A symbol made of letters ("DH", "Rp", "KSh") starts a word, never ends one ("ERP 2").
  `(?<![A-Za-z])${group(PREFIX_FORMS.filter((k) => lettersOnly(k) && !LEGACY.has(k)))}(?![A-Za-zÀ-ÿ])${MONEY_SHAPED}`,
  `(?<![A-Za-z])${group(PREFIX_FORMS.filter((k) => /^[A-Za-z]/.test(k) && (!lettersOnly(k) || LEGACY.has(k))))}`,
  group(PREFIX_FORMS.filter((k) => !/^[A-Za-z]/.test(k))),
  '\\$',
  // The rand's "R" only before an amount that is plainly money (grouped thousands or cents): "R 14 850,00", "R312,000.00".
  '\\bR(?=\\s?\\d{1,3}(?:[ ,.\\u00a0]\\d{3})+|\\s?\\d+[.,]\\d{2}(?!\\d))',
].join('|');
const CODES = [...READABLE_CODES].filter((c) => !WORDLIKE_CODES.has(c)).join('|');
const PREFIX_CODES = `(?=[A-Z]{3}\\b)\\b(?:${CODES})\\b|\\b(?:${[...WORDLIKE_CODES].join('|')})\\b${MONEY_SHAPED}`;
const SUFFIX_SRC = SUFFIX_FORMS.map((k) => (k === 'F CFA' ? 'F\\s?CFA' : wordForm(k))).join('|');

/** Thousands grouped by spaces before a decimal comma and three millimes: "420 000,000 DT". */
const MILLIMES_SPACED = '\\d{1,3}(?: \\d{3})+,\\d{3}(?![\\d.,]\\d|\\d)';
/** Regex source of a money expression; groups: pc (prefix currency), pn, pd (",-" cents), sn (suffix amount), sc. */
export const MONEY = `(?:(?=\\D{1,8}\\d)(?<pc>${SYMBOL_SRC}|${PREFIX_CODES})\\s?(?<pn>${MILLIMES_SPACED}|${AMOUNT_SPACED}|${AMOUNT})(?<pd>[.,][-–]{1,2}(?![\\d-]))?(?!\\d)|(?<![\\d.,])(?<sn>${MILLIMES_SPACED}|${AMOUNT_SPACED}|${AMOUNT})(?<sd>[.,][-–]{1,2}(?![\\d-]))?\\s?(?<sc>${SUFFIX_SRC}|F\\s?CFA|\\$(?!\\s?\\d)|\\b(?:${CODES})\\b|(?<![\\wÀ-ÿ])(?:${NAME_SRC})(?![\\wÀ-ÿ])))`;

export interface FoundMoney {
  /** ISO code, or null for a bare "$" or "dollars" (resolve with the document's dollar currency). */
  currency: string | null;
  /** The form several currencies share ("Rs.", "kr", "FCFA"), whose code is its default until the document decides. */
  shared: SharedForm | null;
  amount: string;
  start: number;
  end: number;
}

/** The currency a token names, through the ISO table: a symbol, an ISO code or a name in English, German or French. */
export function formOfToken(token: string): CurrencyForm | null {
  const t = token.trim().replace(/\s+/g, ' ');
  const symbol = SYMBOL_FORMS.get(t);
  if (symbol) return symbol;
  if (/^[A-Z]{3}$/.test(t) && READABLE_CODES.has(t)) return { code: t, shared: null };
  return nameForm(t);
}

/** The ISO code a currency token names ("C$" → CAD, "CHF" → CHF, "Swiss francs" → CHF); null for "$" or unknown. */
export function currencyOfToken(token: string): string | null {
  const form = formOfToken(token);
  if (!form || isDollar(form.shared)) return null;
  return form.code;
}

/**
 * An amount of a currency with three minor digits (TND, KWD, BHD ...) whose one decimal comma is followed by three
 * digits: "890,000 DT" is 890 dinars, not 890 000, in a document that writes decimals with a comma, before the
 * Tunisian "DT" (a French abbreviation, always written with its millimes: "95,000 DT" an hour), or after thousands
 * grouped by spaces ("1 250,000 TND"), which no text writing decimals with a point does.
 */
function millimes(raw: string, code: string | null, style: NumberStyle, token: string): string | null {
  if (!code || ISO_BY_CODE.get(code)?.minorUnits !== 3) return null;
  const m = /^(\d{1,3}(?:[\s\u00a0\u202f]\d{3})*),(\d{3})$/.exec(raw.trim());
  if (!m) return null;
  if (style !== 'eu' && token.trim() !== 'DT' && !/[\s\u00a0\u202f]/.test(m[1] ?? '')) return null;
  return `${(m[1] ?? '').replace(/\D/g, '').replace(/^0+(?=\d)/, '')}.${m[2]}`;
}

/** Compiled once and run with exec from lastIndex 0 (matchAll would copy the large pattern on every call). */
const MONEY_RE = new RegExp(MONEY, 'g');

/** Every money expression in a text, with offsets relative to `offset`. */
export function findMoney(text: string, style: NumberStyle, offset = 0): FoundMoney[] {
  const out: FoundMoney[] = [];
  MONEY_RE.lastIndex = 0;
  for (let m = MONEY_RE.exec(text); m; m = MONEY_RE.exec(text)) {
    const g = m.groups ?? {};
    // "€ 1.150,-", "Fr. 1'680.–": the dash stands for the cents, so its separator is the decimal one.
    const dash = g.pd ?? g.sd;
    const raw = g.pn ?? g.sn ?? '';
    const token = g.pc ?? g.sc ?? '$';
    const form = formOfToken(token);
    const amount =
      millimes(raw, form?.code ?? null, style, token) ??
      parseAmount(raw, dash ? (dash.startsWith(',') ? 'eu' : 'en') : style);
    if (amount === null) continue;
    out.push({
      currency: currencyOfToken(token),
      shared: isDollar(form?.shared) ? null : (form?.shared ?? null),
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
