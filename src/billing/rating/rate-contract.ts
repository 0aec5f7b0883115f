/**
 * Rates one contract for one billing period: the pure, deterministic core of billing.
 *
 * Order of work: currency and tax set-up → document checks (PO, unapproved time and expenses) → fee groups of
 * every model (blended contracts go on one draft) → not-to-exceed cap (work currency, see cap.ts)
 * → conversion to the invoice currency (unit price × rate unrounded, each line rounded once half
 * up) → expenses and their cap → discounts → per-line tax → totals from the lines.
 *
 * MISSING PERIOD FX: the draft is held (missing_fx_rate, no line) and rated as a PREVIEW in the
 * work currency (draft.currency = contract.currency, fx null), so reviewers still see the work and
 * its line-level exceptions; it cannot be issued until a rate exists and the contract is re-rated.
 */
import { Dec } from '../../shared/decimal.ts';
import { periodBounds } from '../../shared/dates.ts';
import type { BillingException, DraftLine, RatingInput, RatingOutput } from '../model.ts';
import { applyCap } from './cap.ts';
import { FEE_KINDS, type LineTax, toDraftLine } from './charge.ts';
import { rateDiscounts } from './discounts.ts';
import { rateExpenses } from './expenses.ts';
import { collectFeeGroups } from './fee-groups.ts';
import { findFxRate, fxUsed } from './fx.ts';
import { applyTax, effectiveTaxPercent, findTaxRate } from './tax.ts';
import { classifyTime } from './time-entries.ts';
import { computeTotals, sortExceptions, sortLines } from './totals.ts';
import { checkPurchaseOrder, checkUnapprovedExpenses, checkUnapprovedTime, raise } from './validate.ts';

/**
 * Rates a contract for a period (YYYY-MM) into a draft invoice with lines, totals and exceptions.
 * Same input in any order → identical output.
 * @example 37.25 h of Consultant at 185.00 USD, 20 % VAT → subtotal 6891.25, tax 1378.25, total 8269.50
 */
export function rateContract(input: RatingInput): RatingOutput {
  const { contract, client, period } = input;
  const bounds = periodBounds(period);
  const scope = { contractId: contract.id, period };
  const exceptions: BillingException[] = [];
  const push = (e: BillingException | null): void => void (e && exceptions.push(e));

  const quote = findFxRate(input.exchangeRates, contract.currency, contract.invoiceCurrency, bounds.end);
  const currency = quote ? contract.invoiceCurrency : contract.currency;
  const fx = quote?.rate ?? new Dec(1);
  if (!quote) {
    push(
      raise(scope, {
        type: 'missing_fx_rate',
        subject: `${contract.currency}->${contract.invoiceCurrency}`,
        lineKey: null,
        details: {
          from: contract.currency,
          to: contract.invoiceCurrency,
          onOrBefore: bounds.end,
          previewCurrency: contract.currency,
        },
        message: `No ${contract.currency}/${contract.invoiceCurrency} rate on or before ${bounds.end}; draft shown in ${contract.currency} and held`,
      }),
    );
  }
  const taxRow = findTaxRate(input.taxRates, contract.taxJurisdiction, contract.taxTreatment, bounds.end);
  const tax: LineTax = {
    category: contract.taxTreatment,
    ratePercent: taxRow ? effectiveTaxPercent(contract.taxTreatment, taxRow) : '0',
  };
  if (!taxRow) {
    push(
      raise(scope, {
        type: 'missing_tax_setup',
        subject: `${contract.taxJurisdiction}:${contract.taxTreatment}`,
        lineKey: null,
        details: { jurisdiction: contract.taxJurisdiction, category: contract.taxTreatment, onDate: bounds.end },
        message: `No ${contract.taxTreatment} tax rate is set up for ${contract.taxJurisdiction} on ${bounds.end}`,
      }),
    );
  }
  push(checkPurchaseOrder(scope, client, contract));
  const time = classifyTime(input.timeEntries, contract, bounds.start, bounds.end);
  push(checkUnapprovedTime(scope, time.unapproved));
  push(checkUnapprovedExpenses(scope, contract, input.expenses, bounds.start, bounds.end));

  const fees = collectFeeGroups(input, time, bounds, scope);
  exceptions.push(...fees.exceptions);
  const remaining = contract.notToExceedMinor === null ? null : contract.notToExceedMinor - input.billedToDateMinor;
  const capped = applyCap(fees.groups, remaining, contract.currency, 'the not-to-exceed cap');
  const feeLines = capped.charges.map((c) => toDraftLine(c, fx, currency, tax));
  for (const key of capped.overCapKeys) {
    push(
      raise(scope, {
        type: 'cap_exceeded',
        subject: key,
        lineKey: key,
        details: {
          cap: 'not_to_exceed',
          capMinor: contract.notToExceedMinor?.toString(),
          billedToDateMinor: input.billedToDateMinor.toString(),
          currency: contract.currency,
        },
        message: `Fees beyond the not-to-exceed cap are held for approval (${key})`,
      }),
    );
  }

  const feesMinor = feeLines.reduce((a, l) => (!l.held && FEE_KINDS.has(l.kind) ? a + l.amountMinor : a), 0n);
  const exp = rateExpenses(input.expenses, {
    terms: contract.expenses,
    periodEnd: bounds.end,
    workCurrency: contract.currency,
    currency,
    periodFx: fx,
    feesMinor,
    exchangeRates: input.exchangeRates,
    tax,
  });
  for (const key of exp.overCapKeys) {
    push(
      raise(scope, {
        type: 'cap_exceeded',
        subject: key,
        lineKey: key,
        details: { cap: 'expenses', capMinor: exp.capMinor?.toString(), currency },
        message: `Expenses beyond the period's expense cap are held for approval (${key})`,
      }),
    );
  }
  for (const gap of exp.fxGaps) {
    push(
      raise(scope, {
        type: 'missing_fx_rate',
        subject: gap.lineKey,
        lineKey: gap.lineKey,
        details: { ...gap },
        message: `No ${gap.from}/${gap.to} rate on or before ${gap.onOrBefore} for expense ${gap.expenseId}`,
      }),
    );
  }

  const priced = [...feeLines, ...exp.lines];
  const discountLines = rateDiscounts(contract.discounts, priced, {
    workCurrency: contract.currency,
    currency,
    periodFx: fx,
    periodStart: bounds.start,
    periodEnd: bounds.end,
  });
  const lines = sortLines(applyTax([...priced, ...discountLines], currency));
  for (const m of fees.mismatches) {
    const first = m.entries.map((e) => e.id).sort()[0] ?? '';
    push(
      raise(scope, {
        type: 'rate_mismatch',
        subject: m.rateCardEntryId,
        lineKey: lineWith(lines, first),
        details: {
          rateCardEntryId: m.rateCardEntryId,
          contractRate: m.contractRate,
          entries: [...m.entries].sort((a, b) => (a.id < b.id ? -1 : 1)),
        },
        message: `${m.entries.length} time entries quote a rate other than the contract rate ${m.contractRate}; billed at the contract rate`,
      }),
    );
  }

  const sortedExceptions = sortExceptions(exceptions);
  return {
    draft: {
      contractId: contract.id,
      legalEntityId: contract.legalEntityId,
      clientId: contract.clientId,
      period,
      currency,
      lines,
      ...computeTotals(lines),
      fx: quote?.applied ?? null,
      fxRates: fxUsed([{ applied: quote?.applied ?? null, usedFor: 'contract_currency' }, ...exp.fx]),
      poNumber: contract.poNumber,
      paymentTermsDays: contract.paymentTermsDays,
      exceptions: sortedExceptions,
      held: sortedExceptions.some((e) => e.severity === 'blocking' && e.lineKey === null),
    },
    retainerRolloverHoursNext: fees.rolloverNext.toString(),
    nteConsumedMinor: capped.billedMinor,
  };
}

/** The key of the first line (in draft order) that bills a time entry. */
function lineWith(lines: readonly DraftLine[], timeEntryId: string): string | null {
  return lines.find((l) => l.sources.timeEntryIds.includes(timeEntryId))?.lineKey ?? null;
}
