import { z } from 'zod';
import { moneyViewSchema } from '../schemas.ts';

/** An invoice in lists, as GET /invoices answers it (src/db/views/invoice-views.ts). */
export const invoiceSummarySchema = z
  .object({
    id: z.string(),
    reference: z.string().describe('The invoice number, or DRAFT-xxxxxxxx before it has one'),
    number: z.string().nullable(),
    kind: z.string(),
    status: z.string(),
    held: z.boolean(),
    legalEntity: z.string(),
    client: z.object({ code: z.string(), name: z.string() }),
    contract: z.string(),
    period: z.string(),
    subtotal: moneyViewSchema,
    tax: moneyViewSchema,
    total: moneyViewSchema,
    heldAmount: moneyViewSchema,
    dueDate: z.string().nullable(),
    open: moneyViewSchema.optional().describe('Overdue lists: what is still owed'),
    daysOverdue: z.number().int().optional().describe('Overdue lists: days past the due date'),
  })
  .describe('An invoice summary');

/** The pre-send dispute check as submission stored it (the submission's audit row). */
export const submittedDisputeRiskSchema = z
  .object({
    probability: z.string().describe('The chance the client disputes the invoice, 0 to 1, 4 decimal places'),
    modelVersion: z.number().int().nullable().describe('The trained risk model used; null = the documented prior'),
    reasons: z.array(z.string()).describe('Its largest contributions, in words, most important first'),
    atLeastPercent: z.string().describe('The review threshold in force at submission, in percent'),
    flagged: z.boolean().describe('Review recommended: at or above the threshold, so the matrix adds its reviewer'),
    asOf: z.string().describe("The date the client's history was read as of"),
  })
  .describe('The pre-send dispute check stored when the draft was submitted');

/** One invoice with lines, sources, exceptions and balance (GET /invoices/:ref's shape; loose beyond the fields the agent reads). */
export const invoiceDetailSchema = z
  .looseObject({
    id: z.string(),
    reference: z.string(),
    number: z.string().nullable(),
    status: z.string(),
    held: z.boolean(),
    period: z.string(),
    client: z.looseObject({ code: z.string(), name: z.string() }),
    currency: z.string(),
    total: moneyViewSchema,
    heldAmount: moneyViewSchema,
    dueDate: z.string().nullable(),
    supplementsInvoice: z
      .object({ id: z.string(), reference: z.string(), status: z.string() })
      .nullable()
      .describe('On a supplementary invoice: the original invoice whose carried held lines it bills'),
    supplementaryInvoices: z
      .array(z.object({ id: z.string(), reference: z.string(), status: z.string(), total: moneyViewSchema }))
      .describe('Supplementary invoices billing held lines carried off this invoice, oldest first (void ones too)'),
    lines: z.array(
      z.looseObject({
        lineNo: z.number().int(),
        kind: z.string(),
        description: z.string(),
        amount: moneyViewSchema,
        held: z.boolean(),
      }),
    ),
    exceptions: z.array(z.looseObject({ id: z.string(), type: z.string(), status: z.string(), message: z.string() })),
    disputeRisk: submittedDisputeRiskSchema
      .nullable()
      .optional()
      .describe('The pre-send dispute check of its latest submission; null when never submitted with it'),
  })
  .describe('An invoice with lines, what each bills, its exceptions and balance');

export const invoiceRefSchema = z.string().min(1).max(100).describe('Invoice number, id, or DRAFT- reference');
