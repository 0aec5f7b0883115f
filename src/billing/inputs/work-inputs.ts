import { z } from 'zod';
import {
  amountField,
  boundedText,
  codeField,
  dateField,
  decimalField,
  refineAmount,
} from '../../shared/bounded-fields.ts';
import { isKnownCurrency } from '../../shared/currency.ts';

/**
 * Schemas for recorded work other than time (expenses, usage, milestone events): API now, agent
 * tools later. Texts, amounts, quantities and dates are bounded (shared/bounds.ts, docs/limits.md).
 */

const code = codeField();
const isoDate = dateField();

/** An out-of-pocket expense, recorded as submitted. */
export const expenseInputSchema = z
  .object({
    externalId: boundedText('externalId')
      .min(1)
      .nullish()
      .describe('The source system id; recording the same id twice is refused'),
    project: code.describe('Project code'),
    person: code.nullish().describe('Person code of who paid'),
    incurredOn: isoDate,
    category: boundedText('identifier').min(1).describe('e.g. travel, lodging, meals'),
    description: boundedText('freeText').default(''),
    amount: amountField().describe('Amount paid, in the currency paid, e.g. "412.50"'),
    currency: z.string().refine(isKnownCurrency, 'an ISO 4217 currency code this system knows'),
    billable: z.boolean().default(true),
  })
  .superRefine((e, ctx) => refineAmount(ctx, e.amount, e.currency, ['amount']));
export type ExpenseInput = z.infer<typeof expenseInputSchema>;

/** Metered usage for a usage-priced contract; the event key makes reporting idempotent. */
export const usageRecordInputSchema = z.object({
  eventKey: boundedText('name').min(1).describe('Unique per reading; a key seen before is ignored'),
  contract: code.describe('Contract code'),
  occurredOn: isoDate,
  quantity: decimalField('quantity').describe('Units used, e.g. "1250.5"'),
});
export const usageReportSchema = z.object({ records: z.array(usageRecordInputSchema).min(1).max(5000) });

/** Delivery says a milestone is done. */
export const milestoneCompleteSchema = z.object({ completedOn: isoDate.describe('The day the work was completed') });
/** The client accepted a milestone: it becomes billable. */
export const milestoneAcceptSchema = z.object({
  acceptedOn: isoDate.describe('The day the client accepted'),
  acceptedBy: boundedText('name').min(1).describe('Who at the client accepted (name or email)'),
});
