import { z } from 'zod';
import {
  rejectInvoice,
  rejectInvoiceSchema,
  type RejectInvoiceError,
  type RejectInvoiceResult,
} from './lifecycle/reject-invoice.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesReject = defineTool({
  name: 'invoices_reject',
  description:
    'Sends a pending invoice back to draft with the reason the preparer reads (pending_approval -> draft, a new revision, so earlier approvals do not carry over). ' +
    'A decision: people only, never the agent.',
  input: rejectInvoiceSchema,
  output: z
    .object({
      invoiceId: z.string(),
      status: z.literal('draft'),
      revision: z.number().int(),
      rejectionCount: z.number().int(),
    })
    .describe('The invoice, back in draft at its new revision'),
  risk: 'decision',
  policyAction: 'invoice.reject',
  handler: async (ctx, input): Promise<Result<RejectInvoiceResult, RejectInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? rejectInvoice(ctx, ctx, input) : guard;
  },
});
