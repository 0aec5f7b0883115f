import { z } from 'zod';
import { isKnownCurrency } from '../../shared/currency.ts';
import { isIsoDate } from '../../shared/dates.ts';

/** Schemas for master data coming in from files, the API and (later) agent tools: one schema per input. */

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "185.00"');
const positiveDecimal = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string such as "185.00"');
const isoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const currency = z.string().refine(isKnownCurrency, 'an ISO 4217 currency code this system knows (e.g. USD, EUR, JPY)');
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 two-letter country code');
const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

export const legalEntityInputSchema = z.object({
  code: code.describe('Unique short code, e.g. NW-US'),
  name: z.string().min(1),
  country,
  functionalCurrency: currency,
  taxRegistration: z.string().nullish(),
  address: z.string().nullish(),
  invoicePrefix: z.string().min(1).max(16).describe('Prefix of invoice numbers, e.g. NWUS-'),
});

export const clientInputSchema = z.object({
  code,
  legalEntity: code.describe('Code of the legal entity that bills this client'),
  name: z.string().min(1),
  country,
  taxId: z.string().nullish(),
  billingContacts: z.array(z.object({ name: z.string(), email: z.string().email(), role: z.string().optional() })).default([]),
  deliveryChannel: z.enum(['email', 'portal', 'peppol', 'post']).default('email'),
  poRequired: z.boolean().default(false),
  paymentTermsDays: z.number().int().min(0).max(365).default(30),
  creditLimit: z.object({ amount: positiveDecimal, currency }).nullish(),
  accountManager: z.string().nullish(),
  language: z.string().min(2).max(8).default('en'),
});

export const personInputSchema = z.object({
  code,
  name: z.string().min(1),
  email: z.string().email().nullish(),
  role: z.string().min(1),
  legalEntity: code.nullish(),
  costRate: positiveDecimal.nullish().describe('Hourly cost, for margin'),
  costCurrency: currency.nullish(),
});

export const rateCardInputSchema = z.object({
  role: z.string().min(1),
  person: code.nullish().describe('Person code for an override; omit for the role rate'),
  rate: positiveDecimal.describe('Hourly rate in the contract currency'),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullish(),
});

export const milestoneInputSchema = z.object({
  name: z.string().min(1),
  amount: positiveDecimal.nullish().describe('Fixed amount in the contract currency'),
  percent: positiveDecimal.nullish().describe('Percent of the fixed fee'),
  dueDate: isoDate.nullish(),
  status: z.enum(['pending', 'completed', 'accepted']).default('pending'),
  acceptedOn: isoDate.nullish(),
}).refine((m) => (m.amount == null) !== (m.percent == null), 'a milestone has exactly one of amount or percent');

export const contractInputSchema = z.object({
  code: code.describe('Contract or SOW number, e.g. SOW-2026-014'),
  client: code,
  name: z.string().min(1),
  models: z.array(z.enum(['time_and_materials', 'milestone', 'retainer', 'usage'])).min(1),
  currency,
  invoiceCurrency: currency.nullish().describe('Defaults to the contract currency'),
  startDate: isoDate,
  endDate: isoDate.nullish(),
  status: z.enum(['draft', 'active', 'ended']).default('active'),
  timeRounding: z.object({ incrementMinutes: z.number().int().min(0).max(240), direction: z.enum(['up', 'nearest', 'down']) }).default({ incrementMinutes: 0, direction: 'nearest' }),
  notToExceed: positiveDecimal.nullish(),
  fixedFee: positiveDecimal.nullish(),
  rateCard: z.array(rateCardInputSchema).default([]),
  milestones: z.array(milestoneInputSchema).default([]),
  retainer: z.object({
    fee: positiveDecimal, includedHours: positiveDecimal, overageRate: positiveDecimal,
    rolloverMaxHours: positiveDecimal.default('0'), overageTolerancePercent: positiveDecimal.default('10'),
  }).nullish(),
  usage: z.object({
    unit: z.string().min(1),
    tiers: z.array(z.object({ from: positiveDecimal, upTo: positiveDecimal.nullable(), unitPrice: positiveDecimal })).min(1),
    minimumCommitment: positiveDecimal.nullish(),
  }).nullish(),
  expenses: z.object({
    billable: z.boolean().default(true), markupPercent: positiveDecimal.default('0'),
    cap: positiveDecimal.nullish(), capPercentOfFees: positiveDecimal.nullish(),
  }).default({ billable: true, markupPercent: '0' }),
  discounts: z.array(z.object({
    description: z.string(), kind: z.enum(['percent', 'amount']), value: decimal, appliesTo: z.enum(['fees', 'all']).default('fees'),
  })).default([]),
  taxTreatment: z.enum(['standard', 'reduced', 'zero', 'exempt', 'reverse_charge']).default('standard'),
  taxJurisdiction: country,
  poNumber: z.string().nullish(),
  paymentTermsDays: z.number().int().min(0).max(365).nullish().describe('Defaults to the client terms'),
  lateFeePercentMonthly: positiveDecimal.nullish(),
  invoiceFrequency: z.enum(['monthly', 'quarterly', 'milestone', 'in_advance_monthly', 'on_completion']).default('monthly'),
  projects: z.array(z.object({ code, name: z.string().min(1), status: z.enum(['active', 'on_hold', 'closed']).default('active'), projectManager: z.string().nullish() })).default([]),
}).superRefine((c, ctx) => {
  if (c.endDate && c.endDate < c.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endDate is before startDate' });
  if (c.models.includes('retainer') && !c.retainer) ctx.addIssue({ code: 'custom', path: ['retainer'], message: 'a retainer contract needs retainer terms' });
  if (c.models.includes('usage') && !c.usage) ctx.addIssue({ code: 'custom', path: ['usage'], message: 'a usage contract needs usage tiers' });
  if (c.models.includes('milestone') && c.milestones.some((m) => m.percent != null) && !c.fixedFee) {
    ctx.addIssue({ code: 'custom', path: ['fixedFee'], message: 'percent milestones need a fixed fee' });
  }
});

export const taxRateInputSchema = z.object({
  jurisdiction: country,
  category: z.enum(['standard', 'reduced', 'zero', 'exempt', 'reverse_charge']),
  ratePercent: positiveDecimal.describe('e.g. "21" for 21%'),
  validFrom: isoDate,
  validTo: isoDate.nullish(),
  note: z.string().nullish(),
});

export const exchangeRateInputSchema = z.object({
  base: currency,
  quote: currency,
  rate: positiveDecimal.describe('Quote units per one base unit'),
  rateDate: isoDate,
  source: z.string().default('import'),
});

/** The `import contracts FILE.json` format: a bundle of master data, written all or nothing. */
export const contractBundleSchema = z.object({
  legalEntities: z.array(legalEntityInputSchema).default([]),
  taxRates: z.array(taxRateInputSchema).default([]),
  exchangeRates: z.array(exchangeRateInputSchema).default([]),
  clients: z.array(clientInputSchema).default([]),
  people: z.array(personInputSchema).default([]),
  contracts: z.array(contractInputSchema).default([]),
});

/** A parsed bundle; the reference-data sections may be left out by callers that build one in code. */
export type ContractBundle = Omit<z.infer<typeof contractBundleSchema>, 'taxRates' | 'exchangeRates'> &
  Partial<Pick<z.infer<typeof contractBundleSchema>, 'taxRates' | 'exchangeRates'>>;
export type ContractInput = z.infer<typeof contractInputSchema>;
export type ClientInput = z.infer<typeof clientInputSchema>;
export type PersonInput = z.infer<typeof personInputSchema>;
export type LegalEntityInput = z.infer<typeof legalEntityInputSchema>;

/** One time entry as imported (CSV row or API item). */
export const timeEntryInputSchema = z.object({
  externalId: z.string().min(1).max(128).nullish().describe('The source system id; re-importing the same id is refused'),
  person: code,
  project: code,
  role: z.string().min(1).nullish().describe('Defaults to the person role'),
  date: isoDate,
  hours: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, 'hours such as "7.5"').refine((h) => Number(h) > 0 && Number(h) <= 24, 'hours between 0 and 24'),
  billable: z.boolean().default(true),
  description: z.string().max(2000).default(''),
  status: z.enum(['submitted', 'approved', 'rejected']).default('submitted'),
  approvedBy: z.string().nullish(),
  rate: positiveDecimal.nullish().describe('The rate the timesheet system applied, checked against the contract'),
});
export type TimeEntryInput = z.infer<typeof timeEntryInputSchema>;
