/**
 * Figures as a person reading the reply's language writes them, from the decimal strings and ISO dates the
 * catalogue answers with: never through a float. English keeps the ledger's way ("USD 1,234.56", 2027-01-04);
 * German "1.234,56 USD" and 04.01.2027; French "1 234,56 USD" (thousands grouped by a narrow no-break space,
 * U+202F, as CLDR's fr locale does, so a figure never breaks across lines; a plain space before the currency) and
 * 04/01/2027. Identifiers are never passed through these.
 */
import { groupThousands } from '../../shared/money.ts';
import type { Language } from './detect.ts';

/** An amount as the catalogue's answers carry it. */
export type Money = { amount: string; currency: string };

/** The French thousands separator: narrow no-break space. */
export const NNBSP = '\u202f';

/**
 * A decimal string with its thousands grouped and its decimal mark, for the language.
 * @example decimalIn('-12345.6', 'de') // '-12.345,6'
 */
export function decimalIn(amount: string, lang: Language): string {
  const en = groupThousands(amount);
  if (lang === 'en') return en;
  const [int, frac] = en.split('.');
  const grouped = int!.replace(/,/g, lang === 'de' ? '.' : NNBSP);
  return frac === undefined ? grouped : `${grouped},${frac}`;
}

/**
 * An amount with its currency code, for the language.
 * @example moneyIn({ amount: '1234.56', currency: 'EUR' }, 'de') // '1.234,56 EUR'
 */
export function moneyIn(m: Money, lang: Language): string {
  return lang === 'en' ? `${m.currency} ${decimalIn(m.amount, lang)}` : `${decimalIn(m.amount, lang)} ${m.currency}`;
}

/** A number the tools answer as a JSON number (DSO days, a percentage), written for the language. */
export function numberIn(n: number, lang: Language): string {
  return decimalIn(String(n), lang);
}

/**
 * An ISO date (or the date part of a timestamp) as written in the language; anything else is returned as it is.
 * @example dateIn('2027-01-04', 'fr') // '04/01/2027'
 */
export function dateIn(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m || lang === 'en') return m ? `${m[1]}-${m[2]}-${m[3]}` : iso;
  return lang === 'de' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`;
}

/** A moment as "date HH:MM UTC" in the language. */
export function momentIn(at: Date, lang: Language): string {
  const iso = at.toISOString();
  return `${dateIn(iso, lang)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The first amount a reply's line shows, in any of the three languages' spellings, as a decimal string: what "the
 * biggest one" compares, its sign kept (a credit note's "-1.234,56 EUR" is the smallest). Null when the line shows none.
 * @example amountInLine('- INV-1 (ACME): 1.234,56 EUR offen') // '1234.56'
 */
export function amountInLine(line: string): string | null {
  const en = /\b[A-Z]{3} (-?\d[\d,]*(?:\.\d+)?)/.exec(line);
  // A minus sign counts only where it starts a word ("-1.234,56 EUR"), not as a hyphen inside an identifier.
  const other =
    /(?<![\d.,\u202f\u00a0])((?:(?<=^|[\s(:])-)?\d{1,3}(?:[.\u202f\u00a0 ]\d{3})*(?:,\d+)?) [A-Z]{3}\b/.exec(line);
  if (en && (!other || en.index <= other.index)) return en[1]!.replace(/,/g, '');
  if (other) return other[1]!.replace(/[.\u202f\u00a0 ]/g, '').replace(',', '.');
  return null;
}
