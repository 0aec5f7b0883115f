import { z } from 'zod';
import {
  markDelivered,
  markDeliveredSchema,
  type MarkDeliveredError,
  type MarkDeliveredResult,
} from './lifecycle/mark-delivered.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesDeliver = defineTool({
  name: 'invoices_deliver',
  description:
    'Records that the client received a posted invoice or credit note (posted -> delivered). One paid or disputed before its delivery was recorded ' +
    'keeps its status and gets deliveredAt; a second delivery is ALREADY_DELIVERED.',
  input: markDeliveredSchema,
  output: z
    .object({ invoiceId: z.string(), number: z.string().nullable(), status: z.string(), deliveredAt: z.string() })
    .describe('The invoice with its delivery recorded'),
  risk: 'write',
  policyAction: 'invoice.deliver',
  handler: async (ctx, input): Promise<Result<MarkDeliveredResult, MarkDeliveredError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? markDelivered(ctx, ctx, input) : guard;
  },
});
