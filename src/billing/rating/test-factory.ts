/**
 * Builders for RatingInput and its parts, with plain defaults a test overrides field by field.
 * Defaults: period 2026-03, a USD T&M contract from 2026-01-01 (no end), one role rate
 * "Consultant" at 185.00, no time rounding, GB 20 % standard VAT, PO present, no caps.
 */
import type {
  BillingException,
  ClientTerms,
  ContractTerms,
  DraftInvoice,
  DraftLine,
  Expense,
  ExchangeRate,
  MilestoneTerm,
  RateCardEntry,
  RatingInput,
  RetainerTerms,
  TaxCategory,
  TaxRate,
  TimeEntry,
  UsageRecord,
  UsageTerms,
} from '../model.ts';
import { parse } from '../../shared/money.ts';

/** A rate card entry (role rate unless personId is given). */
export function makeRate(overrides: Partial<RateCardEntry> = {}): RateCardEntry {
  return {
    id: 'rc-cons',
    role: 'Consultant',
    personId: null,
    rate: '185.00',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    ...overrides,
  };
}

/** Contract terms: USD T&M with one role rate; override any field. */
export function makeContract(overrides: Partial<ContractTerms> = {}): ContractTerms {
  return {
    id: 'c-1',
    code: 'ACME-2026',
    legalEntityId: 'le-1',
    clientId: 'cl-1',
    models: ['time_and_materials'],
    currency: 'USD',
    invoiceCurrency: 'USD',
    startDate: '2026-01-01',
    endDate: null,
    rateCard: [makeRate()],
    timeRounding: { incrementMinutes: 0, direction: 'nearest' },
    hoursPerDay: '8',
    longDays: 'pro_rata',
    recurringFees: [],
    notToExceedMinor: null,
    fixedFeeMinor: null,
    milestones: [],
    retainer: null,
    usage: null,
    expenses: { billable: true, markupPercent: '0', capMinor: null, capPercentOfFees: null },
    discounts: [],
    taxTreatment: 'standard',
    taxJurisdiction: 'GB',
    poNumber: 'PO-1001',
    paymentTermsDays: 30,
    ...overrides,
  };
}

/** Client terms: no PO required. */
export function makeClient(overrides: Partial<ClientTerms> = {}): ClientTerms {
  return { id: 'cl-1', code: 'ACME', name: 'Acme Ltd', poRequired: false, paymentTermsDays: 30, ...overrides };
}

/** An approved, billable time entry for a Consultant in the period. */
export function makeTimeEntry(overrides: Partial<TimeEntry> & { id: string }): TimeEntry {
  return {
    personId: 'p-bob',
    role: 'Consultant',
    projectId: 'pr-1',
    workDate: '2026-03-02',
    hours: '8',
    billable: true,
    approval: 'approved',
    rateQuoted: null,
    description: 'Work',
    ...overrides,
  };
}

/** An approved, billable expense; amount is a decimal string in its currency (USD by default). */
export function makeExpense(
  overrides: Partial<Omit<Expense, 'amount'>> & { id: string; amount?: string; currency?: string },
): Expense {
  const { amount = '100.00', currency = 'USD', ...rest } = overrides;
  return {
    incurredOn: '2026-03-05',
    category: 'Travel',
    description: 'Taxi',
    amount: parse(amount, currency),
    billable: true,
    approval: 'approved',
    ...rest,
  };
}

/** An accepted milestone of a fixed amount. */
export function makeMilestone(overrides: Partial<MilestoneTerm> & { id: string }): MilestoneTerm {
  return {
    name: `Milestone ${overrides.id}`,
    amountMinor: null,
    percent: null,
    status: 'accepted',
    acceptedOn: '2026-03-10',
    ...overrides,
  };
}

/** Retainer terms: 8,000.00 a month, 40 h included, 150.00/h overage, 10 h rollover, 25 % tolerance. */
export function makeRetainer(overrides: Partial<RetainerTerms> = {}): RetainerTerms {
  return {
    feeMinor: 800000n,
    period: 'month',
    includedHours: '40',
    overageRate: '150.00',
    rolloverMaxHours: '10',
    overageTolerancePercent: '25',
    ...overrides,
  };
}

/** Usage terms: three graduated tiers per API call, no minimum. */
export function makeUsageTerms(overrides: Partial<UsageTerms> = {}): UsageTerms {
  return {
    unit: 'api_call',
    tiers: [
      { from: '0', upTo: '1000', unitPrice: '0.10' },
      { from: '1000', upTo: '5000', unitPrice: '0.08' },
      { from: '5000', upTo: null, unitPrice: '0.05' },
    ],
    minimumCommitmentMinor: null,
    ...overrides,
  };
}

/** A usage record in the period. */
export function makeUsage(id: string, quantity: string, occurredOn = '2026-03-15'): UsageRecord {
  return { id, occurredOn, quantity };
}

/** A tax rate row valid since 2020. */
export function makeTaxRate(
  jurisdiction: string,
  category: TaxCategory,
  ratePercent: string,
  validFrom = '2020-01-01',
): TaxRate {
  return { jurisdiction, category, ratePercent, validFrom, validTo: null };
}

/** An exchange rate: quote units per base unit on a date. */
export function makeFx(base: string, quote: string, rate: string, rateDate = '2026-03-31'): ExchangeRate {
  return { base, quote, rate, rateDate };
}

/** GB tax rows for every category (standard 20 %, reduced 5 %, zero, exempt, reverse charge). */
export const GB_TAX: readonly TaxRate[] = Object.freeze([
  makeTaxRate('GB', 'standard', '20'),
  makeTaxRate('GB', 'reduced', '5'),
  makeTaxRate('GB', 'zero', '0'),
  makeTaxRate('GB', 'exempt', '0'),
  makeTaxRate('GB', 'reverse_charge', '0'),
]);

/** Overrides of a RatingInput; contract and client are partial and merged onto the defaults. */
export type RatingInputOverrides = Partial<Omit<RatingInput, 'contract' | 'client'>> & {
  contract?: Partial<ContractTerms>;
  client?: Partial<ClientTerms>;
};

/** A complete RatingInput for period 2026-03 with no activity unless overridden. */
export function makeRatingInput(overrides: RatingInputOverrides = {}): RatingInput {
  const { contract, client, ...rest } = overrides;
  return {
    period: '2026-03',
    contract: makeContract(contract),
    client: makeClient(client),
    timeEntries: [],
    expenses: [],
    usage: [],
    billedToDateMinor: 0n,
    retainerRolloverHours: '0',
    retainerFeeAlreadyBilled: false,
    exchangeRates: [],
    taxRates: [...GB_TAX],
    ...rest,
  };
}

/** The draft line with a key; throws so a test fails loudly when it is missing. */
export function lineByKey(draft: DraftInvoice, lineKey: string): DraftLine {
  const line = draft.lines.find((l) => l.lineKey === lineKey);
  if (!line) throw new Error(`No line ${lineKey}; lines: ${draft.lines.map((l) => l.lineKey).join(', ')}`);
  return line;
}

/** The only exception of a type; throws when there is none or more than one. */
export function exceptionOf(draft: DraftInvoice, type: BillingException['type']): BillingException {
  const found = draft.exceptions.filter((e) => e.type === type);
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  return found[0]!;
}
