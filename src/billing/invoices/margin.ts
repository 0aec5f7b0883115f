import { Dec, dec } from '../../shared/decimal.ts';

/**
 * Margin of revenue over people's cost, in percent with two decimals (half up); null when it cannot
 * be computed (no revenue, or a cost that is unknown). Revenue in minor units, cost in major units
 * of the same currency.
 * @example marginPercent(100000n, dec('600.00'), 2) // '40.00' (1,000.00 revenue, 600.00 cost)
 */
export function marginPercent(revenueMinor: bigint, cost: Dec | null, minorDigits: number): string | null {
  if (cost === null || revenueMinor <= 0n) return null;
  const revenue = dec(revenueMinor).div(new Dec(10).pow(minorDigits));
  return revenue.minus(cost).div(revenue).times(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2);
}
