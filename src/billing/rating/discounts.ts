/**
 * Discounts: one negative 'discount' line per contract discount term (contractTerm `discount[i]`).
 *
 * BASE: every discount is computed on the same gross base (discounts never compound): the unheld
 * fee lines ('fees') or the unheld fee and expense lines ('all'). Held lines are not discounted
 * (when released later they are billed at full price). A discount never exceeds its base. An
 * 'amount' discount is in work-currency minor units and converts at the period rate.
 * TAX: a discount carries the tax of what it discounts. Its amount is spread over the tax groups
 * (category + rate) of its base lines in proportion to their amounts (largest remainder, exact), one
 * line per group, each taxed at that group's rate. With the contract's single tax treatment this
 * is one line, taxed at the same rate as the fees.
 */
import { minorUnits as digits } from '../../shared/currency.ts';
import { Dec, dec } from '../../shared/decimal.ts';
import { allocate, money } from '../../shared/money.ts';
import type { DiscountTerm, DraftLine } from '../model.ts';
import { FEE_KINDS, majorOf, termSources, toMinor } from './charge.ts';

/** Currency context of the discounts. */
export interface DiscountContext {
  workCurrency: string;
  currency: string;
  /** Work → draft currency rate of the period. */
  periodFx: Dec;
  periodStart: string;
  periodEnd: string;
}

/**
 * Negative lines for the contract's discounts.
 * @example 5 % on fees of 6891.25 USD → one line of -344.56 (344.5625 rounded half up)
 */
export function rateDiscounts(
  discounts: readonly DiscountTerm[],
  lines: readonly DraftLine[],
  ctx: DiscountContext,
): DraftLine[] {
  const out: DraftLine[] = [];
  discounts.forEach((d, i) => {
    const base = lines.filter(
      (l) =>
        !l.held && l.amountMinor > 0n && (FEE_KINDS.has(l.kind) || (d.appliesTo === 'all' && l.kind === 'expense')),
    );
    const baseMinor = base.reduce((a, l) => a + l.amountMinor, 0n);
    if (baseMinor <= 0n) return;
    const precise =
      d.kind === 'percent'
        ? majorOf(baseMinor, ctx.currency).times(dec(d.value)).div(100)
        : dec(d.value)
            .div(new Dec(10).pow(digits(ctx.workCurrency)))
            .times(ctx.periodFx);
    let minor = toMinor(precise, ctx.currency);
    if (minor > baseMinor) minor = baseMinor;
    if (minor <= 0n) return;
    const groups = new Map<string, { category: DraftLine['taxCategory']; rate: string; amount: bigint }>();
    for (const l of base) {
      const key = `${l.taxCategory}:${l.taxRatePercent}`;
      const g = groups.get(key) ?? { category: l.taxCategory, rate: l.taxRatePercent, amount: 0n };
      g.amount += l.amountMinor;
      groups.set(key, g);
    }
    const ordered = [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
    const parts = allocate(
      money(minor, ctx.currency),
      ordered.map(([, g]) => g.amount),
    );
    const label =
      d.kind === 'percent'
        ? `${d.description} (${dec(d.value).toString()}% of ${d.appliesTo === 'fees' ? 'fees' : 'fees and expenses'})`
        : d.description;
    ordered.forEach(([key, g], j) => {
      const part = parts[j]?.amountMinor ?? 0n;
      if (part === 0n) return;
      const single = ordered.length === 1 && minor === toMinor(precise, ctx.currency);
      const amount = single ? precise.negated() : majorOf(-part, ctx.currency);
      out.push({
        lineKey: ordered.length === 1 ? `discount[${i}]` : `discount[${i}]:${key}`,
        kind: 'discount',
        description: label,
        quantity: '1',
        unit: 'discount',
        unitPrice: amount.toString(),
        amountMinor: -part,
        preciseAmount: amount.toString(),
        taxCategory: g.category,
        taxRatePercent: g.rate,
        taxMinor: 0n,
        role: null,
        personId: null,
        servicePeriodStart: ctx.periodStart,
        servicePeriodEnd: ctx.periodEnd,
        sources: termSources(`discount[${i}]`),
        held: false,
      });
    });
  });
  return out;
}
