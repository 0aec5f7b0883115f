import { z } from 'zod';
import {
  postInvoice,
  postInvoiceSchema,
  type PostInvoiceError,
  type PostInvoiceResult,
} from './lifecycle/post-invoice.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesPost = defineTool({
  name: 'invoices_post',
  description:
    'Posts an approved invoice or credit note (approved -> posted). From then on it is never edited or voided: corrections are credit notes.',
  input: postInvoiceSchema,
  output: z
    .object({ invoiceId: z.string(), number: z.string().nullable(), status: z.literal('posted'), postedAt: z.string() })
    .describe('The posted invoice'),
  risk: 'write',
  policyAction: 'invoice.post',
  handler: async (ctx, input): Promise<Result<PostInvoiceResult, PostInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? postInvoice(ctx, ctx, input) : guard;
  },
});
