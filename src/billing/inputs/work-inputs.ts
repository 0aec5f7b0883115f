import { z } from 'zod';
import { isKnownCurrency, minorUnits } from '../../shared/currency.ts';
import { isIsoDate } from '../../shared/dates.ts';

/** Schemas for recorded work other than time (expenses, usage, milestone events): API now, agent tools later. */

const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');
const isoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const positiveDecimal = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string such as "185.00"');

/** An out-of-pocket expense, recorded as submitted. */
export const expenseInputSchema = z
  .object({
    externalId: z.string().min(1).max(128).nullish().describe('The source system id; recording the same id twice is refused'),
    project: code.describe('Project code'),
    person: code.nullish().describe('Person code of who paid'),
    incurredOn: isoDate,
    category: z.string().min(1).max(64).describe('e.g. travel, lodging, meals'),
    description: z.string().max(2000).default(''),
    amount: positiveDecimal.describe('Amount paid, in the currency paid, e.g. "412.50"'),
    currency: z.string().refine(isKnownCurrency, 'an ISO 4217 currency code this system knows'),
    billable: z.boolean().default(true),
  })
  .superRefine((e, ctx) => {
    if (!isKnownCurrency(e.currency)) return;
    const decimals = e.amount.split('.')[1]?.length ?? 0;
    if (decimals > minorUnits(e.currency)) ctx.addIssue({ code: 'custom', path: ['amount'], message: `more decimals than ${e.currency} has` });
  });
export type ExpenseInput = z.infer<typeof expenseInputSchema>;

/** Metered usage for a usage-priced contract; the event key makes reporting idempotent. */
export const usageRecordInputSchema = z.object({
  eventKey: z.string().min(1).max(200).describe('Unique per reading; a key seen before is ignored'),
  contract: code.describe('Contract code'),
  occurredOn: isoDate,
  quantity: positiveDecimal.describe('Units used, e.g. "1250.5"'),
});
export const usageReportSchema = z.object({ records: z.array(usageRecordInputSchema).min(1).max(5000) });

/** Delivery says a milestone is done. */
export const milestoneCompleteSchema = z.object({ completedOn: isoDate.describe('The day the work was completed') });
/** The client accepted a milestone: it becomes billable. */
export const milestoneAcceptSchema = z.object({
  acceptedOn: isoDate.describe('The day the client accepted'),
  acceptedBy: z.string().min(1).max(200).describe('Who at the client accepted (name or email)'),
});
