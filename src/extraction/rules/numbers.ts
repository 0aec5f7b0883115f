/** Number parsing for contract text: separators of several locales and numbers written in words. */

const SMALL: Record<string, number> = {
  zero: 0,
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
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Regex source for a number written in words up to 999 ("forty-five", "one hundred twenty"). */
export const NUMBER_WORD =
  '(?:(?:one|two|three|four|five|six|seven|eight|nine)[ -]hundred(?:[ -](?:and[ -])?)?)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:one|two|three|four|five|six|seven|eight|nine)[ -]hundred';

/** A number written in words, or null. @example wordNumber('forty-five') // 45 */
export function wordNumber(words: string): number | null {
  let total = 0;
  let seen = false;
  for (const w of words.toLowerCase().split(/[\s-]+/)) {
    if (w === 'and' || w === '') continue;
    if (w === 'hundred') {
      total = (total === 0 ? 1 : total) * 100;
      seen = true;
    } else if (w in SMALL) {
      total += SMALL[w] ?? 0;
      seen = true;
    } else if (w in TENS) {
      total += TENS[w] ?? 0;
      seen = true;
    } else return null;
  }
  return seen ? total : null;
}

/** Regex source for "thirty (30)", "30", "thirty" or "(30)": a count as contracts write it. */
export const COUNT = `(?:(?:${NUMBER_WORD})\\s*\\(\\s*\\d{1,4}\\s*\\)|\\d{1,4}|${NUMBER_WORD})`;

/** Parses a COUNT match: the digits in parentheses win over the words. */
export function parseCount(s: string): number | null {
  const digits = /\d{1,4}/.exec(s);
  if (digits) return Number(digits[0]);
  return wordNumber(s.trim());
}

/** An amount grouped by plain spaces without decimals ("1 450", "1 200 000"): read only right after a currency. */
export const AMOUNT_SPACED = '\\d{1,3}(?: \\d{3})+(?:[.,]\\d{1,2})?(?![\\d.,]\\d|\\d)';

export type NumberStyle = 'en' | 'eu';

/**
 * Regex source for an amount with thousands separators: 1,234.56 / 1.234,56 / 1'234.50 / 1 234,56 (a space or
 * no-break space; a plain space only with decimals) and the Indian lakh grouping 38,40,000.00.
 */
export const AMOUNT =
  "\\d{1,2}(?:,\\d{2})+,\\d{3}(?:\\.\\d{1,2})?(?![\\d,])|\\d{1,3}(?: \\d{3})+,\\d{1,2}(?!\\d)|\\d{1,3}(?:[,.'’\\u00a0\\u202f]\\d{3})+(?:[.,]\\d{1,6})?|\\d+(?:[.,]\\d{1,6})?";

/**
 * Parses a written amount into a plain decimal string, deciding which separator is decimal.
 * @example parseAmount("1'920.00") // '1920.00'; parseAmount('186.000,00') // '186000.00'; parseAmount('1.500', 'eu') // '1500'
 */
export function parseAmount(raw: string, style: NumberStyle = 'en'): string | null {
  let s = raw.replace(/[\s\u00a0\u202f'’]/g, '').replace(/[.,]$/, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    s = s.split(thou).join('').replace(dec, '.');
  } else if (lastComma >= 0) {
    // "0,045" is a decimal (a count never starts with a zero group).
    if (/^\d{1,3}(,\d{3})+$/.test(s) && !/^0,/.test(s)) s = s.replace(/,/g, '');
    else if (/^\d+,\d{1,2}$/.test(s) || /^0,\d+$/.test(s) || (style === 'eu' && /^\d+,\d+$/.test(s)))
      s = s.replace(',', '.');
    else s = s.replace(/,/g, '');
  } else if (lastDot >= 0) {
    if (/^\d{1,3}(\.\d{3}){2,}$/.test(s)) s = s.replace(/\./g, '');
    else if (/^\d{1,3}\.\d{3}$/.test(s) && style === 'eu') s = s.replace('.', '');
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return s.replace(/^0+(?=\d)/, '');
}

/** Parses a percent or plain number ("8.1", "8,1", "19") into a JS number. */
export function parseNumber(raw: string): number | null {
  const s = raw.replace(/\s/g, '').replace(',', '.');
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

/** Pads an amount to the currency's minor digits when it has fewer ("500" → "500.00" in EUR; JPY stays "45"). */
export function formatAmount(amount: string, minorDigits: number | null): string {
  if (minorDigits === null) return amount;
  const [int, frac = ''] = amount.split('.');
  if (frac.length > minorDigits) return amount;
  return minorDigits === 0 ? (int ?? amount) : `${int}.${frac.padEnd(minorDigits, '0')}`;
}
