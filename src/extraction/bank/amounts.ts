import { isKnownCurrency, minorUnits } from '../../shared/currency.ts';
import { isIsoDate } from '../../shared/dates.ts';

/**
 * A decimal amount text as minor units of the currency, by string arithmetic (never a float), or
 * null when it is not a plain decimal or has more decimals than the currency. A leading minus is
 * kept in the sign.
 * @example minorOf('1250.5', 'EUR') // 125050n
 * @example minorOf('-12.345', 'EUR') // null (EUR has 2 decimals)
 */
export function minorOf(text: string, currency: string): bigint | null {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m || !isKnownCurrency(currency)) return null;
  const digits = minorUnits(currency);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > digits) return null;
  const v = BigInt(m[2]! + frac.padEnd(digits, '0'));
  return m[1] === '-' ? -v : v;
}

/**
 * A bank's amount text in its local notation as a plain decimal: thousands separators (space,
 * apostrophe, and the other of `.`/`,`) dropped, the decimal separator made a point, a trailing
 * minus or parentheses read as negative.
 * @example normalizeAmount('1.234,56', ',') // '1234.56'
 * @example normalizeAmount("(1'200.00)", '.') // '-1200.00'
 */
export function normalizeAmount(text: string, decimalSeparator: '.' | ','): string {
  let t = text.trim().replace(/[\s\u00a0']/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1);
  }
  if (t.endsWith('-')) {
    negative = true;
    t = t.slice(0, -1);
  }
  if (t.startsWith('-')) {
    negative = !negative;
    t = t.slice(1);
  } else if (t.startsWith('+')) t = t.slice(1);
  const thousands = decimalSeparator === ',' ? '.' : ',';
  t = t.split(thousands).join('');
  if (decimalSeparator === ',') t = t.replace(',', '.');
  return negative ? `-${t}` : t;
}

export type DateFormat = 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'YYYYMMDD';
export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'DD.MM.YYYY',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'YYYYMMDD',
] as const satisfies readonly DateFormat[];

/**
 * A date text in a bank's format as YYYY-MM-DD, or null when it is not one (31.02.2026 is not).
 * An ISO date-time (camt.053 DtTm) gives its date.
 * @example isoDateOf('03.11.2026', 'DD.MM.YYYY') // '2026-11-03'
 */
export function isoDateOf(text: string, format: DateFormat): string | null {
  const t = text.trim();
  let y: string | undefined, mo: string | undefined, d: string | undefined;
  const parts = (re: RegExp) => re.exec(t)?.slice(1) ?? [];
  switch (format) {
    case 'YYYY-MM-DD':
      [y, mo, d] = parts(/^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/);
      break;
    case 'DD.MM.YYYY':
      [d, mo, y] = parts(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
      break;
    case 'DD/MM/YYYY':
      [d, mo, y] = parts(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
      break;
    case 'MM/DD/YYYY':
      [mo, d, y] = parts(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
      break;
    case 'YYYYMMDD':
      [y, mo, d] = parts(/^(\d{4})(\d{2})(\d{2})$/);
      break;
  }
  if (!y || !mo || !d) return null;
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
