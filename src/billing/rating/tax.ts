/**
 * Tax on draft lines.
 *
 * ROUNDING RULE: tax is computed per line, as the line's net amount (already rounded to the
 * currency's minor unit) × the rate, rounded HALF UP (half away from zero, so a negative discount
 * line mirrors a positive one) to the currency's minor unit (JPY 0, USD 2, BHD 3 decimals). The
 * invoice tax is the sum of the line taxes; it is never recomputed on the subtotal. Held lines
 * carry their tax too but stay out of the totals.
 *
 * LOOK-UP: the rate row for (contract.taxJurisdiction, contract.taxTreatment) valid on the period's
 * last day. 'exempt' and 'reverse_charge' bill 0 tax but still need a row: a missing row means
 * nobody has set the jurisdiction up, which is missing_tax_setup, not zero tax.
 */
import { dec } from '../../shared/decimal.ts';
import { fromDecimal, money, toDecimal } from '../../shared/money.ts';
import type { DraftLine, TaxCategory, TaxRate } from '../model.ts';

/**
 * The tax row valid on a date for a jurisdiction and category; the latest validFrom wins, then the
 * lower rate (so input order never matters). Null when none is set up.
 */
export function findTaxRate(
  rates: readonly TaxRate[],
  jurisdiction: string,
  category: TaxCategory,
  onDate: string,
): TaxRate | null {
  return (
    rates
      .filter(
        (r) =>
          r.jurisdiction === jurisdiction &&
          r.category === category &&
          r.validFrom <= onDate &&
          (r.validTo === null || onDate <= r.validTo),
      )
      .sort((a, b) =>
        a.validFrom !== b.validFrom
          ? a.validFrom > b.validFrom
            ? -1
            : 1
          : dec(a.ratePercent).comparedTo(dec(b.ratePercent)),
      )[0] ?? null
  );
}

/** The percent a line is taxed at: 0 for exempt and reverse charge whatever the row says, else the row's rate. */
export function effectiveTaxPercent(category: TaxCategory, row: TaxRate): string {
  return category === 'exempt' || category === 'reverse_charge' ? '0' : dec(row.ratePercent).toString();
}

/**
 * Tax of one line: net minor × percent / 100, rounded half up once to the minor unit.
 * @example lineTax(689125n, '20', 'USD') // 137825n (6891.25 × 20% = 1378.25); lineTax(1001n, '7.5', 'JPY') // 75n (75.075 yen)
 */
export function lineTax(amountMinor: bigint, ratePercent: string, currency: string): bigint {
  return fromDecimal(toDecimal(money(amountMinor, currency)).times(dec(ratePercent)).div(100), currency, 'half_up')
    .amountMinor;
}

/** Fills taxMinor on every line from its own taxRatePercent. */
export function applyTax(lines: readonly DraftLine[], currency: string): DraftLine[] {
  return lines.map((l) => ({ ...l, taxMinor: lineTax(l.amountMinor, l.taxRatePercent, currency) }));
}
