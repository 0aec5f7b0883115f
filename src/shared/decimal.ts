import { Decimal } from 'decimal.js';

/**
 * The project's one decimal type. Precision 40 significant digits covers any invoice; every money
 * rounding passes an explicit mode, so the global rounding setting is never relied on.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Dec = Decimal;

/** Parses a decimal string or integer into a Dec; rejects floats with binary noise by accepting strings and bigints only. */
export function dec(value: string | bigint | number | Decimal): Decimal {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    // Accepting a float would import its binary error; callers pass strings for fractions.
    throw new Error(`dec() refuses the non-integer number ${value}; pass a decimal string`);
  }
  return new Dec(typeof value === 'bigint' ? value.toString() : value);
}
