import { z } from 'zod';
import {
  writeOffInvoice,
  writeOffInvoiceSchema,
  type WriteOffInvoiceError,
  type WriteOffInvoiceResult,
} from './lifecycle/write-off-invoice.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesWriteOff = defineTool({
  name: 'invoices_write_off',
  description:
    "Writes off what is still owed on a posted invoice (-> written_off). Always needs a controller's approval, and a finance admin's above the matrix's threshold: " +
    'the first call opens the request (APPROVAL_REQUIRED); the same call once approved writes it off.',
  input: writeOffInvoiceSchema,
  output: z
    .object({
      invoiceId: z.string(),
      number: z.string().nullable(),
      status: z.literal('written_off'),
      writtenOff: moneyViewSchema,
    })
    .describe('The invoice written off and the amount'),
  risk: 'write',
  policyAction: 'invoice.write_off',
  handler: async (ctx, input): Promise<Result<WriteOffInvoiceResult, WriteOffInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? writeOffInvoice(ctx, ctx, input) : guard;
  },
});
