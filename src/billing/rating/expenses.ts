/**
 * Expenses: approved billable expenses with the contract's markup, one line each, converted to the
 * invoice currency at the rate dated on or before the expense date.
 *
 * CAPS: capMinor (work currency, converted at the period rate) and capPercentOfFees (of this
 * draft's unheld fee lines before discounts); each rounded DOWN to the minor unit, the lower
 * applies. Expenses consume the cap in date order (see cap.ts); the part beyond it is a HELD
 * `expense:${id}:over_cap` line. An expense with no usable FX rate is a held zero line.
 */
import { Dec, dec } from '../../shared/decimal.ts';
import { format, fromDecimal } from '../../shared/money.ts';
import type { DraftLine, ExchangeRate, Expense, ExpenseTerms, FxApplied } from '../model.ts';
import { applyCap } from './cap.ts';
import { type ChargeGroup, type LineTax, majorOf, termSources, toDraftLine } from './charge.ts';
import { findFxRate } from './fx.ts';

/** Everything expense rating needs from the contract and the draft so far. */
export interface ExpenseContext {
  terms: ExpenseTerms;
  periodEnd: string;
  workCurrency: string;
  /** The draft currency (the invoice currency, or the work currency in a no-FX preview). */
  currency: string;
  /** Work → draft currency rate of the period, for the absolute cap. */
  periodFx: Dec;
  /** Unheld fee lines of this draft, before discounts, in draft currency minor units. */
  feesMinor: bigint;
  exchangeRates: readonly ExchangeRate[];
  tax: LineTax;
}

/** An expense that could not be converted to the draft currency. */
export interface ExpenseFxGap {
  lineKey: string;
  expenseId: string;
  from: string;
  to: string;
  onOrBefore: string;
}

/** Expense lines, their over-cap keys, the cap that applied, FX gaps and the rates each converted expense used. */
export interface ExpenseRating {
  lines: DraftLine[];
  overCapKeys: string[];
  capMinor: bigint | null;
  fxGaps: ExpenseFxGap[];
  fx: { applied: FxApplied; usedFor: string }[];
}

/**
 * The period's expense cap in draft currency minor units, or null when uncapped.
 * @example capMinor 50000n, capPercentOfFees '10', fees 400000n USD → min(500.00, 400.00) = 40000n
 */
export function expenseCap(
  ctx: Pick<ExpenseContext, 'terms' | 'workCurrency' | 'currency' | 'periodFx' | 'feesMinor'>,
): bigint | null {
  const caps: bigint[] = [];
  if (ctx.terms.capMinor !== null) {
    caps.push(
      fromDecimal(majorOf(ctx.terms.capMinor, ctx.workCurrency).times(ctx.periodFx), ctx.currency, 'down').amountMinor,
    );
  }
  if (ctx.terms.capPercentOfFees !== null) {
    caps.push(
      fromDecimal(
        majorOf(ctx.feesMinor, ctx.currency).times(dec(ctx.terms.capPercentOfFees)).div(100),
        ctx.currency,
        'down',
      ).amountMinor,
    );
  }
  return caps.length === 0 ? null : caps.reduce((a, b) => (a < b ? a : b));
}

/**
 * Rates billable expenses (approved, billable, dated on or before the period end).
 * @example 200.00 EUR taxi, markup 10 %, EUR→USD 1.10 → 200 × 1.10 × 1.10 = 242.00 USD
 */
export function rateExpenses(expenses: readonly Expense[], ctx: ExpenseContext): ExpenseRating {
  if (!ctx.terms.billable) return { lines: [], overCapKeys: [], capMinor: null, fxGaps: [], fx: [] };
  const markup = new Dec(1).plus(dec(ctx.terms.markupPercent).div(100));
  const fxGaps: ExpenseFxGap[] = [];
  const fxApplied: { applied: FxApplied; usedFor: string }[] = [];
  const groups: ChargeGroup[] = expenses
    .filter((e) => e.approval === 'approved' && e.billable && e.incurredOn <= ctx.periodEnd)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((e) => {
      const lineKey = `expense:${e.id}`;
      const fx = findFxRate(ctx.exchangeRates, e.amount.currency, ctx.currency, e.incurredOn);
      if (!fx)
        fxGaps.push({ lineKey, expenseId: e.id, from: e.amount.currency, to: ctx.currency, onOrBefore: e.incurredOn });
      if (fx?.applied) fxApplied.push({ applied: fx.applied, usedFor: lineKey });
      const notes = [
        ...(markup.eq(1) ? [] : [`incl. ${dec(ctx.terms.markupPercent).toString()}% markup`]),
        ...(fx?.applied
          ? [`${e.amount.currency} ${format(e.amount)} at ${fx.applied.rate} on ${fx.applied.rateDate}`]
          : []),
        ...(fx ? [] : ['no exchange rate (held)']),
      ];
      return {
        lineKey,
        kind: 'expense',
        description: `${e.category}: ${e.description}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        unit: 'item',
        unitPrice: fx ? majorOf(e.amount.amountMinor, e.amount.currency).times(markup).times(fx.rate) : new Dec(0),
        atomic: true,
        sourceKind: 'expense',
        pieces: [{ sourceId: e.id, date: e.incurredOn, quantity: new Dec(1) }],
        sources: termSources('expenses'),
        role: null,
        personId: null,
        servicePeriodStart: e.incurredOn,
        servicePeriodEnd: e.incurredOn,
        held: fx === null,
      } satisfies ChargeGroup;
    });
  const capMinor = expenseCap(ctx);
  const split = applyCap(groups, capMinor, ctx.currency, 'the expense cap');
  const lines = split.charges.map((c) => toDraftLine(c, new Dec(1), ctx.currency, ctx.tax));
  return { lines, overCapKeys: split.overCapKeys, capMinor, fxGaps, fx: fxApplied };
}
