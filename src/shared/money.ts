import { Decimal } from 'decimal.js';
import { Dec, dec } from './decimal.ts';
import { minorUnits } from './currency.ts';

/** An exact amount of money: an integer count of the currency's minor units. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/** Rounding modes allowed for money. The billing core uses HALF_UP per line; see README. */
export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'up';

const MODES: Record<RoundingMode, Decimal.Rounding> = {
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

/** Builds Money from minor units. */
export function money(amountMinor: bigint, currency: string): Money {
  minorUnits(currency);
  return { amountMinor, currency };
}

/** Zero in a currency. */
export const zero = (currency: string): Money => money(0n, currency);

/**
 * Rounds a major-unit decimal to Money, once, with the given mode.
 * @example fromDecimal('10.005', 'USD') // 1001n minor (half up); fromDecimal('10.5', 'JPY') // 11n
 */
export function fromDecimal(value: string | Decimal, currency: string, mode: RoundingMode = 'half_up'): Money {
  const d = minorUnits(currency);
  const minor = dec(value).times(new Dec(10).pow(d)).toDecimalPlaces(0, MODES[mode]);
  return { amountMinor: BigInt(minor.toFixed(0)), currency };
}

/** Money as an exact major-unit decimal. */
export function toDecimal(m: Money): Decimal {
  return new Dec(m.amountMinor.toString()).div(new Dec(10).pow(minorUnits(m.currency)));
}

/**
 * Formats Money as the boundary decimal string with exactly the currency's minor digits.
 * @example format(money(125000n, 'USD')) // '1250.00'; format(money(5n, 'BHD')) // '0.005'
 */
export function format(m: Money): string {
  const d = minorUnits(m.currency);
  const neg = m.amountMinor < 0n;
  const abs = (neg ? -m.amountMinor : m.amountMinor).toString().padStart(d + 1, '0');
  const body = d === 0 ? abs : `${abs.slice(0, -d)}.${abs.slice(-d)}`;
  return neg ? `-${body}` : body;
}

/** Parses a boundary decimal string ("1250.00") into Money; rejects more decimals than the currency has. */
export function parse(amount: string, currency: string): Money {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) throw new Error(`Not a decimal amount: ${amount}`);
  const d = minorUnits(currency);
  const decimals = amount.split('.')[1]?.length ?? 0;
  if (decimals > d) throw new Error(`${amount} has more decimals than ${currency} allows (${d})`);
  return fromDecimal(amount, currency);
}

function same(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`Currency mismatch: ${a.currency} vs ${b.currency}`);
}

/** a + b in one currency. */
export function add(a: Money, b: Money): Money {
  same(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

/** a - b in one currency. */
export function subtract(a: Money, b: Money): Money {
  same(a, b);
  return { amountMinor: a.amountMinor - b.amountMinor, currency: a.currency };
}

/** Sum of amounts in one currency (zero for an empty list). */
export function sum(items: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const m of items) {
    if (m.currency !== currency) throw new Error(`Currency mismatch: ${m.currency} vs ${currency}`);
    total += m.amountMinor;
  }
  return { amountMinor: total, currency };
}

/** Negation. */
export const negate = (m: Money): Money => ({ amountMinor: -m.amountMinor, currency: m.currency });

/** Multiplies money by an exact decimal factor and rounds once. */
export function multiply(m: Money, factor: string | Decimal, mode: RoundingMode = 'half_up'): Money {
  return fromDecimal(toDecimal(m).times(dec(factor)), m.currency, mode);
}

/**
 * Splits an amount into parts proportional to weights so the parts sum exactly to the amount
 * (largest remainder). Used to spread a discount or a cap over lines.
 */
export function allocate(m: Money, weights: readonly bigint[]): Money[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map(() => zero(m.currency));
  const sign = m.amountMinor < 0n ? -1n : 1n;
  const abs = m.amountMinor * sign;
  const base = weights.map((w) => (abs * w) / total);
  let rest = abs - base.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, rem: (abs * w) % total }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (rest === 0n) break;
    base[i] = (base[i] ?? 0n) + 1n;
    rest -= 1n;
  }
  return base.map((b) => ({ amountMinor: b * sign, currency: m.currency }));
}

/** Money at the boundary: a decimal string with the currency's minor digits, and the currency. */
export interface MoneyView {
  amount: string;
  currency: string;
}

/** @example moneyView(125000n, 'USD') // { amount: '1250.00', currency: 'USD' } */
export const moneyView = (minor: bigint, currency: string): MoneyView => ({
  amount: format(money(minor, currency)),
  currency,
});

/** "1234567.50" as "1,234,567.50" for display: string work on the decimal amount, never a float. */
export function groupThousands(amount: string): string {
  const [int, frac] = amount.split('.');
  const neg = int!.startsWith('-');
  const digits = neg ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}
