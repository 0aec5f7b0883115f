import { Decimal } from 'decimal.js';
import { minorUnits } from '../../shared/currency.ts';
import { Dec, dec } from '../../shared/decimal.ts';
import type { FxQuote } from '../rating/fx.ts';

/**
 * The rate from one currency into another as of a date: findFxRate over the stored rates (the newest
 * on or before the date, direct or inverse, unrounded), or null when none is stored.
 */
export type RateOf = (from: string, to: string) => FxQuote | null;

/** What a client owes in one other currency, converted into the limit's. */
export interface ConvertedOpen {
  currency: string;
  openMinor: bigint;
  /** The rate as quoted (at least four decimals) and its date. */
  rate: string;
  rateDate: string;
  /** openMinor at the rate in the limit's currency, rounded half up once (per currency). */
  convertedMinor: bigint;
}

/** A client's credit exposure in its limit's currency. */
export interface ExposureInCurrency {
  currency: string;
  /** Open in the limit's currency plus each converted currency's convertedMinor. */
  exposureMinor: bigint;
  converted: ConvertedOpen[];
  /** Open in currencies with no rate into the limit's currency by the date: named, not counted. */
  unconverted: { currency: string; openMinor: bigint }[];
}

/**
 * Converts `openMinor` of `from` into minor units of `to` at `rate`, rounded half up once.
 * @example convertMinor(30000n, 'EUR', 'USD', dec('1.0825')) // 32475n (300.00 EUR = 324.75 USD)
 * @example convertMinor(1000n, 'USD', 'JPY', dec('151.237')) // 1512n (10.00 USD = 1512.37 JPY, rounded to 1512)
 */
export function convertMinor(openMinor: bigint, from: string, to: string, rate: Decimal): bigint {
  const shift = minorUnits(to) - minorUnits(from);
  const exact = dec(openMinor).times(rate).times(new Dec(10).pow(shift));
  return BigInt(exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
}

/**
 * What a client owes in the limit's `currency`: its open amounts in that currency, plus each other
 * currency's total converted at `rateOf` (one conversion and one rounding, half up, per currency, so
 * the parts add up to the exposure and it is within half a minor unit per converted currency of the
 * exact sum). A currency without a rate is listed in `unconverted` and not counted; with no `rateOf`
 * (null) nothing is converted, which is the exposure of the limit's currency alone.
 * Non-positive amounts are left out (nothing owed).
 * @example exposureIn('USD', new Map([['USD', 1_000_000n], ['EUR', 30_000n]]), rateOf)
 *   // { exposureMinor: 1_032_475n, converted: [{ currency: 'EUR', rate: '1.0825', convertedMinor: 32_475n, ... }], unconverted: [] }
 */
export function exposureIn(
  currency: string,
  openByCurrency: ReadonlyMap<string, bigint>,
  rateOf: RateOf | null,
): ExposureInCurrency {
  let exposureMinor = 0n;
  const converted: ConvertedOpen[] = [];
  const unconverted: { currency: string; openMinor: bigint }[] = [];
  for (const c of [...openByCurrency.keys()].sort()) {
    const openMinor = openByCurrency.get(c)!;
    if (openMinor <= 0n) continue;
    if (c === currency) {
      exposureMinor += openMinor;
      continue;
    }
    const quote = rateOf?.(c, currency) ?? null;
    if (!quote?.applied) {
      unconverted.push({ currency: c, openMinor });
      continue;
    }
    const convertedMinor = convertMinor(openMinor, c, currency, quote.rate);
    exposureMinor += convertedMinor;
    converted.push({
      currency: c,
      openMinor,
      rate: quote.applied.rate,
      rateDate: quote.applied.rateDate,
      convertedMinor,
    });
  }
  return { currency, exposureMinor, converted, unconverted };
}
