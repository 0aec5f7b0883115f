import { z } from 'zod';
import {
  voidInvoice,
  voidInvoiceSchema,
  type VoidInvoiceError,
  type VoidInvoiceResult,
} from './lifecycle/void-invoice.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesVoid = defineTool({
  name: 'invoices_void',
  description:
    "Voids an invoice before it is posted; what it billed becomes billable again and a number it has stays used. Needs a controller's approval: " +
    'the first call opens the request (APPROVAL_REQUIRED with its requestId); once approved, the same call with the same reason voids it. ' +
    'Refused (INVOICE_HAS_SUPPLEMENT) while a supplementary invoice billing lines carried off it is not void: void that one first.',
  input: voidInvoiceSchema,
  output: z
    .object({
      invoiceId: z.string(),
      number: z.string().nullable(),
      status: z.literal('void'),
      released: z.object({
        timeEntries: z.number().int(),
        expenses: z.number().int(),
        usageRecords: z.number().int(),
        milestones: z.number().int(),
      }),
    })
    .describe('The void invoice and how many records it billed are billable again'),
  risk: 'write',
  policyAction: 'invoice.void',
  handler: async (ctx, input): Promise<Result<VoidInvoiceResult, VoidInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? voidInvoice(ctx, ctx, input) : guard;
  },
});
