import type {
  ClientTerms,
  ContractTerms,
  Expense,
  ExchangeRate,
  MilestoneTerm,
  RateCardEntry,
  TaxRate,
  TimeEntry,
  UsageRecord,
} from '../../billing/model.ts';
import type {
  clients,
  contracts,
  exchangeRates,
  expenses,
  milestones,
  rateCardEntries,
  taxRates,
  usageRecords,
} from '../schema/index.ts';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

/** A rate card row, with the override's person name where the query joined it (for line descriptions). */
export type RateCardRow = Row<typeof rateCardEntries> & { personName?: string | null };

/** Maps a contract row with its rate card and milestones to the billing core's terms. */
export function toContractTerms(
  c: Row<typeof contracts>,
  rateCard: RateCardRow[],
  ms: Row<typeof milestones>[],
): ContractTerms {
  return {
    id: c.id,
    code: c.code,
    legalEntityId: c.legalEntityId,
    clientId: c.clientId,
    models: c.models,
    currency: c.currency,
    invoiceCurrency: c.invoiceCurrency,
    startDate: c.startDate,
    endDate: c.endDate,
    rateCard: rateCard.map(toRateCardEntry),
    timeRounding: { incrementMinutes: c.timeRoundingMinutes, direction: c.timeRoundingDirection },
    hoursPerDay: trimDecimal(c.hoursPerDay),
    longDays: c.longDays,
    recurringFees: c.recurringFees.map((f) => ({ ...f, amountMinor: BigInt(f.amountMinor) })),
    notToExceedMinor: c.notToExceedMinor,
    fixedFeeMinor: c.fixedFeeMinor,
    milestones: ms.map(toMilestone),
    retainer: c.retainer ? { ...c.retainer, feeMinor: BigInt(c.retainer.feeMinor) } : null,
    usage: c.usageTerms
      ? {
          ...c.usageTerms,
          minimumCommitmentMinor:
            c.usageTerms.minimumCommitmentMinor === null ? null : BigInt(c.usageTerms.minimumCommitmentMinor),
        }
      : null,
    expenses: {
      ...c.expenseTerms,
      capMinor: c.expenseTerms.capMinor === null ? null : BigInt(c.expenseTerms.capMinor),
    },
    discounts: c.discounts,
    taxTreatment: c.taxTreatment,
    taxJurisdiction: c.taxJurisdiction,
    poNumber: c.poNumber,
    paymentTermsDays: c.paymentTermsDays,
  };
}

/** numeric(18,6) comes back as "240.000000"; people read rates as "240.00". */
export function trimDecimal(v: string): string {
  if (!v.includes('.')) return v;
  const [int, frac = ''] = v.split('.');
  const kept = frac.replace(/0+$/, '').padEnd(2, '0');
  return `${int}.${kept}`;
}

export const toRateCardEntry = (r: RateCardRow): RateCardEntry => ({
  id: r.id,
  role: r.role,
  personId: r.personId,
  ...(r.personName ? { personName: r.personName } : {}),
  rate: trimDecimal(r.rate),
  ...(r.unit !== 'hour' ? { unit: r.unit } : {}),
  effectiveFrom: r.effectiveFrom,
  effectiveTo: r.effectiveTo,
});

export const toMilestone = (m: Row<typeof milestones>): MilestoneTerm => ({
  id: m.id,
  name: m.name,
  amountMinor: m.amountMinor,
  percent: m.percent,
  status: m.status,
  acceptedOn: m.acceptedOn,
});

export const toClientTerms = (c: Row<typeof clients>): ClientTerms => ({
  id: c.id,
  code: c.code,
  name: c.name,
  poRequired: c.poRequired,
  paymentTermsDays: c.paymentTermsDays,
});

/** Raw time-entry row as selected by the billing scan (ids as strings for the core). */
export interface TimeEntryScanRow {
  id: string;
  contract_id: string;
  person_id: string;
  project_id: string;
  role: string;
  work_date: string;
  hours: string;
  billable: boolean;
  approval_status: TimeEntry['approval'];
  rate_quoted: string | null;
  description: string;
}

export const toTimeEntry = (r: TimeEntryScanRow): TimeEntry => ({
  id: String(r.id),
  personId: r.person_id,
  role: r.role,
  projectId: r.project_id,
  workDate: typeof r.work_date === 'string' ? r.work_date : isoDate(r.work_date),
  hours: String(r.hours),
  billable: r.billable,
  approval: r.approval_status,
  rateQuoted: r.rate_quoted === null ? null : String(r.rate_quoted),
  description: r.description,
});

/** Raw drivers may hand dates back as Date objects; the core wants YYYY-MM-DD. */
export function isoDate(v: unknown): string {
  if (v instanceof Date) {
    const y = v.getFullYear();
    return `${y}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  }
  return String(v);
}

export const toExpense = (e: Row<typeof expenses>): Expense => ({
  id: String(e.id),
  incurredOn: e.incurredOn,
  category: e.category,
  description: e.description,
  amount: { amountMinor: e.amountMinor, currency: e.currency },
  billable: e.billable,
  approval: e.approvalStatus,
});

export const toUsageRecord = (u: Row<typeof usageRecords>): UsageRecord => ({
  id: String(u.id),
  occurredOn: u.occurredOn,
  quantity: u.quantity,
});

export const toExchangeRate = (x: Row<typeof exchangeRates>): ExchangeRate => ({
  base: x.base,
  quote: x.quote,
  rate: x.rate,
  rateDate: x.rateDate,
});

export const toTaxRate = (t: Row<typeof taxRates>): TaxRate => ({
  jurisdiction: t.jurisdiction,
  category: t.category,
  ratePercent: t.ratePercent,
  validFrom: t.validFrom,
  validTo: t.validTo,
});
