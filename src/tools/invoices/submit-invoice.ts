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

export const invoicesSubmit = defineTool({
  name: 'invoices_submit',
  description:
    'Puts a draft invoice up for approval (draft -> pending_approval). Refused while a blocking exception that holds the draft is open or a line holds it; ' +
    'a carried held line (a bill_rest hold) stays on the invoice unbilled; ' +
    'with expectedRevision, refused when the draft changed since it was reviewed. The submitter may not approve it.',
  input: submitInvoiceSchema,
  output: z
    .object({ invoiceId: z.string(), status: z.literal('pending_approval'), revision: z.number().int() })
    .describe('The invoice, now waiting for approval'),
  risk: 'write',
  policyAction: 'invoice.submit',
  handler: async (ctx, input): Promise<Result<SubmitInvoiceResult, SubmitInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? submitInvoice(ctx, ctx, input) : guard;
  },
});
