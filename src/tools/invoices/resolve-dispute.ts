import { z } from 'zod';
import {
  resolveDispute,
  resolveDisputeSchema,
  type ResolveDisputeError,
  type ResolveDisputeResult,
} from './lifecycle/resolve-dispute.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesResolveDispute = defineTool({
  name: 'invoices_resolve_dispute',
  description:
    'Ends the open dispute of an invoice as upheld (the correction is a credit note, approved separately), rejected (the invoice stands, no change) ' +
    'or reissued (names the credit note of the invoice made through invoices_credit, and drafts the corrected invoice with line corrections), with a note; ' +
    'the invoice returns to the status its balance gives. Controllers and finance admins; a decision, never the agent.',
  input: resolveDisputeSchema,
  output: z
    .object({
      invoiceId: z.string(),
      number: z.string().nullable(),
      disputeId: z.string(),
      resolution: z.enum(['upheld', 'rejected', 'reissued']),
      creditNoteId: z.string().nullable(),
      reissuedInvoiceId: z.string().nullable().describe('reissued: the corrected invoice, a draft to submit'),
      status: z.string(),
      nextStep: z.enum(['credit_note', 'submit_reissued_invoice']).nullable(),
    })
    .describe("The resolution, the invoice's status now and what follows"),
  risk: 'decision',
  policyAction: 'invoice.resolve_dispute',
  handler: async (ctx, input): Promise<Result<ResolveDisputeResult, ResolveDisputeError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? resolveDispute(ctx, ctx, input) : guard;
  },
});
