import { z } from 'zod';
import {
  submitInvoice,
  submitInvoiceSchema,
  type SubmitInvoiceError,
  type SubmitInvoiceResult,
} from './lifecycle/submit-invoice.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';
import { submittedDisputeRiskSchema } from './invoice-read-views.ts';

export const invoicesSubmit = defineTool({
  name: 'invoices_submit',
  description:
    'Puts a draft invoice up for approval (draft -> pending_approval). Refused while a blocking exception that holds the draft is open or a line holds it; ' +
    'a carried held line (a bill_rest hold) stays on the invoice unbilled; ' +
    'with expectedRevision, refused when the draft changed since it was reviewed. The submitter may not approve it. ' +
    'Runs the pre-send dispute check and stores it: at or above the threshold the draft is flagged "review recommended" ' +
    'and its approval needs the reviewer the approval matrix names (a controller by default).',
  input: submitInvoiceSchema,
  output: z
    .object({
      invoiceId: z.string(),
      status: z.literal('pending_approval'),
      revision: z.number().int(),
      disputeRisk: submittedDisputeRiskSchema,
    })
    .describe('The invoice, now waiting for approval, with its pre-send dispute check'),
  risk: 'write',
  policyAction: 'invoice.submit',
  handler: async (ctx, input): Promise<Result<SubmitInvoiceResult, SubmitInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? submitInvoice(ctx, ctx, input) : guard;
  },
});
