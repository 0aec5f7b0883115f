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
  })
  .describe('An invoice with lines, what each bills, its exceptions and balance');

export const invoiceRefSchema = z.string().min(1).max(100).describe('Invoice number, id, or DRAFT- reference');
