import { computeTotals } from '../rating/totals.ts';

/** What totals need from a line. */
export interface TotalledLine {
  amountMinor: bigint;
  taxMinor: bigint;
  held: boolean;
}

export interface InvoiceTotals {
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  heldMinor: bigint;
}

/**
 * An invoice's totals straight from its lines, by the rule the rating core uses (one implementation:
 * computeTotals): held lines count only in heldMinor; subtotal and tax are the sums of the others;
 * total = subtotal + tax.
 * @example lineTotals([{ amountMinor: 1000n, taxMinor: 210n, held: false }, { amountMinor: 500n, taxMinor: 105n, held: true }])
 * // { subtotalMinor: 1000n, taxMinor: 210n, totalMinor: 1210n, heldMinor: 500n }
 */
export const lineTotals: (lines: readonly TotalledLine[]) => InvoiceTotals = computeTotals;
