import type { DbOrTx } from '../../db/client.ts';
import {
  invoicesBillingTime,
  liveInvoiceIds,
  milestoneBilled,
  type ContractState,
  type ContractTermColumns,
  type MilestoneRow,
} from '../../db/stores/contract-terms-store.ts';
import { isKnownCurrency, minorUnits } from '../../shared/currency.ts';
import { addDays } from '../../shared/dates.ts';
import { Dec } from '../../shared/decimal.ts';
import { parse } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { TermWrite } from '../changes/plan-term-writes.ts';

/** Why planned writes cannot be made to the contract as it stands. */
export type TermWriteRefusal =
  | { code: 'CURRENCY_LOCKED'; message: string; invoiceIds: string[] }
  | { code: 'CURRENCY_MINOR_UNITS_DIFFER'; message: string; from: string; to: string }
  | { code: 'VALUE_NOT_STORABLE'; message: string; field: string; key: string | null; value: string | number }
  | { code: 'INVALID_CONTRACT_DATES'; message: string; startDate: string; endDate: string }
  | { code: 'RATE_ALREADY_INVOICED'; message: string; role: string; effectiveFrom: string; invoiceIds: string[] }
  | { code: 'MILESTONE_ALREADY_BILLED'; message: string; milestone: string };

/** The writes as stored values, checked against the contract. */
export interface CheckedWrites {
  columns: ContractTermColumns;
  rates: Array<{ role: string; rate: string; from: string; unit: 'hour' | 'day' | 'month' }>;
  milestones: Array<{
    name: string;
    existing: MilestoneRow | undefined;
    set: Partial<Pick<MilestoneRow, 'amountMinor' | 'percent' | 'dueDate'>>;
  }>;
  /** Drafts that bill time at a rate that now changes: the next billing run re-rates them. */
  draftsToRerun: string[];
}

/**
 * Turns planned writes into stored values and checks them against the contract: the currency
 * changes only while the contract has billed nothing (and keeps its minor digits, so stored amounts
 * keep their meaning); amounts fit the currency; start <= end; a rate never changes for time an
 * issued invoice billed (a draft is re-rated by the next run); a billed milestone is not changed.
 */
export async function checkTermWrites(
  db: DbOrTx,
  state: ContractState,
  writes: readonly TermWrite[],
): Promise<Result<CheckedWrites, TermWriteRefusal>> {
  const { contract } = state;
  const columns: ContractTermColumns = {};
  const notStorable = (w: TermWrite, why: string) =>
    err({
      code: 'VALUE_NOT_STORABLE' as const,
      message: `${w.field}${w.key ? ` (${w.key})` : ''}: ${why}`,
      field: w.field,
      key: w.key,
      value: w.to,
    });

  const currencyWrite = writes.find((w) => w.field === 'currency');
  const currency = currencyWrite ? String(currencyWrite.to) : contract.currency;
  if (currencyWrite) {
    if (!isKnownCurrency(currency))
      return notStorable(currencyWrite, `${currency} is not a currency the system bills in`);
    const invoiceIds = await liveInvoiceIds(db, contract.id);
    if (invoiceIds.length)
      return err({
        code: 'CURRENCY_LOCKED',
        message: `the contract has billed in ${contract.currency} (${invoiceIds.length} invoice(s)); its currency no longer changes`,
        invoiceIds,
      });
    if (minorUnits(currency) !== minorUnits(contract.currency)) {
      return err({
        code: 'CURRENCY_MINOR_UNITS_DIFFER',
        message: `${contract.currency} and ${currency} have different minor units; the stored amounts would change meaning`,
        from: contract.currency,
        to: currency,
      });
    }
    columns.currency = currency;
    if (contract.invoiceCurrency === contract.currency) columns.invoiceCurrency = currency;
  }
  const amount = (w: TermWrite): bigint | string => {
    try {
      return parse(String(w.to), currency).amountMinor;
    } catch (e) {
      return (e as Error).message;
    }
  };

  const rates: CheckedWrites['rates'] = [];
  const drafts = new Set<string>();
  const byName = new Map<string, CheckedWrites['milestones'][number]>();
  for (const w of writes) {
    switch (w.field) {
      case 'currency':
        break;
      case 'paymentTerms.netDays':
        columns.paymentTermsDays = Number(w.to);
        break;
      case 'poNumber':
        columns.poNumber = String(w.to);
        break;
      case 'effectiveDate':
        columns.startDate = String(w.to);
        break;
      case 'endDate':
        columns.endDate = String(w.to);
        break;
      case 'invoiceFrequency':
        columns.invoiceFrequency = w.to as NonNullable<ContractTermColumns['invoiceFrequency']>;
        break;
      case 'lateFee.percentMonthly':
        columns.lateFeePercentMonthly = String(w.to);
        break;
      case 'caps.not_to_exceed': {
        const minor = amount(w);
        if (typeof minor === 'string') return notStorable(w, minor);
        columns.notToExceedMinor = minor;
        break;
      }
      case 'rates': {
        const role = w.key ?? '';
        const from = w.effectiveFrom ?? contract.startDate;
        const next = state.rates
          .filter((r) => r.personId === null && r.role === role && r.effectiveFrom > from)
          .map((r) => r.effectiveFrom)
          .sort()[0];
        const billed = await invoicesBillingTime(db, {
          contractId: contract.id,
          role,
          from,
          to: next ? addDays(next, -1) : null,
        });
        const issued = billed.filter((b) => b.status !== 'draft').map((b) => b.id);
        if (issued.length) {
          return err({
            code: 'RATE_ALREADY_INVOICED',
            message: `time of ${role} from ${from} is on ${issued.length} issued invoice(s); correct those with a credit note`,
            role,
            effectiveFrom: from,
            invoiceIds: issued,
          });
        }
        for (const b of billed) drafts.add(b.id);
        rates.push({ role, rate: String(w.to), from, unit: w.unit ?? 'hour' });
        break;
      }
      case 'milestones': {
        const name = w.key ?? '';
        const existing = state.milestones.find((m) => m.name === name);
        if (existing && (await milestoneBilled(db, existing.id)))
          return err({
            code: 'MILESTONE_ALREADY_BILLED',
            message: `milestone ${name} is billed; it no longer changes`,
            milestone: name,
          });
        const entry = byName.get(name) ?? { name, existing, set: {} };
        byName.set(name, entry);
        if (w.part === 'amount') {
          const minor = amount(w);
          if (typeof minor === 'string') return notStorable(w, minor);
          entry.set.amountMinor = minor;
        } else if (w.part === 'percent') {
          if (new Dec(String(w.to)).decimalPlaces() > 4)
            return notStorable(w, 'a milestone percent has at most four decimals');
          entry.set.percent = String(w.to);
        } else entry.set.dueDate = String(w.to);
        break;
      }
    }
  }
  const startDate = columns.startDate ?? contract.startDate;
  const endDate = columns.endDate === undefined ? contract.endDate : columns.endDate;
  if (endDate !== null && endDate < startDate)
    return err({
      code: 'INVALID_CONTRACT_DATES',
      message: `the contract would end (${endDate}) before it starts (${startDate})`,
      startDate,
      endDate,
    });
  return ok({ columns, rates, milestones: [...byName.values()], draftsToRerun: [...drafts] });
}
