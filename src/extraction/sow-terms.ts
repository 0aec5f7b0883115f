import { z } from 'zod';
import { isIsoDate } from '../shared/dates.ts';

/**
 * SowTerms v1 (../shared/contracts/sow-terms.schema.json) as a zod schema: the one output of both
 * extractors, the LLM's structured-output schema and the API/CLI payload. Every property is present
 * in the output (null or [] when the document does not state it); nothing is ever defaulted.
 */

const isoDate = z.string().refine(isIsoDate, 'a calendar date YYYY-MM-DD').describe('ISO date YYYY-MM-DD');
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "225.00"');
const period = z.enum(['month', 'quarter', 'year']);

export const documentTypes = ['sow', 'msa', 'amendment', 'change_order', 'consulting_agreement', 'other'] as const;
export const billingModels = ['time_and_materials', 'fixed_fee', 'milestone', 'retainer', 'usage', 'blended'] as const;
export const paymentBases = ['invoice_date', 'receipt', 'end_of_month', 'end_of_following_month', 'other'] as const;
export const invoiceFrequencies = [
  'monthly',
  'quarterly',
  'milestone',
  'in_advance_monthly',
  'on_completion',
  'other',
] as const;
export const rateUnits = ['hour', 'day', 'week', 'month', 'unit'] as const;
export const capKinds = ['not_to_exceed', 'hours_per_period', 'expenses'] as const;

export const rateSchema = z.object({
  role: z.string().min(1).describe('the role, grade or person the rate applies to, as written'),
  amount: decimal.describe('the rate as a decimal string in major units, e.g. "250.00"'),
  unit: z.enum(rateUnits).describe('what one rate buys: an hour, a day, a week, a month or a unit'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .describe('ISO 4217 code when the rate names its own currency, else null'),
  effectiveFrom: isoDate.nullable().describe('the date from which this rate applies, when stated'),
});

export const milestoneSchema = z.object({
  name: z.string().min(1).describe('the milestone or payment event as written'),
  amount: decimal.nullable().describe('the amount due at the milestone, null when not stated or redacted'),
  percent: z.number().nullable().describe('the percent of the fee due at the milestone, when stated'),
  dueDate: isoDate.nullable().describe('the planned or due date, when stated'),
});

export const periodicAmountSchema = z.object({
  amount: decimal.describe('the amount per period as a decimal string'),
  period: period.describe('the period the amount is charged for'),
});

export const retainerSchema = z.object({
  amount: decimal.describe('the retainer fee per period'),
  period: period.describe('the retainer period'),
  includedHours: z.number().nullable().describe('hours covered by the retainer per period'),
  overageRate: decimal.nullable().describe('hourly rate for hours beyond the included hours'),
  rolloverHoursMax: z.number().nullable().describe('most unused hours that carry over to the next period'),
  overageApprovalThresholdPercent: z
    .number()
    .nullable()
    .describe('overage above this percent of included hours needs approval'),
});

export const usageTierSchema = z.object({
  unit: z.string().describe('the billed unit, e.g. "document" or "API call"'),
  from: z.number().describe('first unit of the tier (inclusive)'),
  upTo: z.number().nullable().describe('last unit of the tier (inclusive); null when unbounded'),
  unitPrice: decimal.describe('price per unit in the tier'),
});

export const capSchema = z.object({
  kind: z.enum(capKinds).describe('not_to_exceed for fees, hours_per_period for hours, expenses for expense caps'),
  // Optional, not nullable: the contract schema types it as a string, and a percent-of-fees cap has no amount.
  amount: decimal.optional().describe('the cap: money for fees and expenses, hours for hours_per_period'),
  period: period.nullable().describe('the period the cap resets over; null for a cap over the whole term'),
  percentOfFees: z.number().nullable().describe('a cap stated as a percent of fees, e.g. expenses up to 10% of fees'),
});

export const evidenceSchema = z.object({
  field: z.string().describe('path of the value this quote supports, e.g. "paymentTerms.netDays" or "rates[0]"'),
  quote: z.string().describe('verbatim text from the document that states the value'),
  page: z.number().int().nullable().describe('1-based page of the quote; null for formats without pages'),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      'how sure the extractor is of the value: 0.9 a labelled statement, 0.5-0.7 a value inferred from weaker signals (review it)',
    ),
});

/** Below this the built-in extractor marks a value as unsure: a reviewer (or the LLM) should confirm it. */
export const LOW_CONFIDENCE = 0.75;

export const sowTermsSchema = z.object({
  schema: z.literal('sow-terms-v1').describe('always "sow-terms-v1"'),
  documentType: z.enum(documentTypes).describe('what kind of document this is'),
  reference: z.string().nullable().describe("the document's own number, e.g. SOW-2026-014"),
  parties: z
    .object({
      client: z.string().nullable().describe('the party receiving and paying for the services'),
      provider: z.string().nullable().describe('the party providing the services and invoicing'),
    })
    .describe('the contracting parties as named in the document'),
  effectiveDate: isoDate.nullable().describe('the date the terms take effect'),
  endDate: isoDate.nullable().describe('the date the term ends, when stated'),
  billingModel: z.enum(billingModels).nullable().describe('blended = two or more models in one document'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .describe('ISO 4217 code of the contract currency'),
  rates: z.array(rateSchema).describe('the rate card'),
  milestones: z.array(milestoneSchema).describe('the milestone payment schedule'),
  recurringFee: periodicAmountSchema.nullable().describe('a fixed fee charged every period'),
  retainer: retainerSchema.nullable().describe('a retainer with included hours'),
  usageTiers: z.array(usageTierSchema).describe('volume price tiers for usage billing'),
  minimumCommitment: periodicAmountSchema.nullable().describe('the minimum charge per period'),
  caps: z.array(capSchema).describe('not-to-exceed, hours and expense caps'),
  paymentTerms: z
    .object({
      netDays: z.number().int().nullable().describe('days allowed for payment'),
      basis: z.enum(paymentBases).nullable().describe('what the payment days count from'),
    })
    .describe('when invoices must be paid'),
  invoiceFrequency: z.enum(invoiceFrequencies).nullable().describe('how often invoices are issued'),
  poNumber: z.string().nullable().describe('the purchase order number invoices must quote'),
  lateFee: z
    .object({
      percent: z.number().describe('interest or fee percent'),
      period: z.enum(['month', 'year']).describe('per month or per year'),
    })
    .nullable()
    .describe('interest or fee on overdue amounts'),
  taxRatePercent: z.number().nullable().describe('the VAT, GST or sales tax rate stated in the document'),
  evidence: z.array(evidenceSchema).describe('one entry per extracted value: field path, verbatim quote and page'),
});

export type SowTerms = z.infer<typeof sowTermsSchema>;
export type Rate = z.infer<typeof rateSchema>;
export type Milestone = z.infer<typeof milestoneSchema>;
export type Retainer = z.infer<typeof retainerSchema>;
export type UsageTier = z.infer<typeof usageTierSchema>;
export type Cap = z.infer<typeof capSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
export type PeriodicAmount = z.infer<typeof periodicAmountSchema>;
export type DocumentType = (typeof documentTypes)[number];
export type BillingModel = (typeof billingModels)[number];
export type PaymentBasis = (typeof paymentBases)[number];
export type InvoiceFrequency = (typeof invoiceFrequencies)[number];
export type RateUnit = (typeof rateUnits)[number];
export type CapKind = (typeof capKinds)[number];

/** SowTerms with nothing extracted: the starting point of both extractors. */
export function emptySowTerms(documentType: DocumentType = 'other'): SowTerms {
  return {
    schema: 'sow-terms-v1',
    documentType,
    reference: null,
    parties: { client: null, provider: null },
    effectiveDate: null,
    endDate: null,
    billingModel: null,
    currency: null,
    rates: [],
    milestones: [],
    recurringFee: null,
    retainer: null,
    usageTiers: [],
    minimumCommitment: null,
    caps: [],
    paymentTerms: { netDays: null, basis: null },
    invoiceFrequency: null,
    poNumber: null,
    lateFee: null,
    taxRatePercent: null,
    evidence: [],
  };
}
