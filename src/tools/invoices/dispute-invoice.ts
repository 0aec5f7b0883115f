import { z } from 'zod';
import {
  disputeInvoice,
  disputeInvoiceSchema,
  type DisputeInvoiceError,
  type DisputeInvoiceResult,
} from './lifecycle/dispute-invoice.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesDispute = defineTool({
  name: 'invoices_dispute',
  description:
    'Marks an invoice disputed by its client (posted, delivered or partially paid -> disputed), with the reason, a reason code (rate, hours, scope, ' +
    'missing_po, duplicate, tax, quality: it sets the SLA due date), an owner, evidence links (time entries, contract terms, documents) and optionally ' +
    'the amount in dispute (at most the open balance). Reminders pause while it is open; payments still apply. Collectors and account managers; never the agent.',
  input: disputeInvoiceSchema,
  output: z
    .object({
      invoiceId: z.string(),
      number: z.string().nullable(),
      status: z.literal('disputed'),
      disputeId: z.string(),
      disputedAmount: moneyViewSchema.nullable(),
      openBalance: moneyViewSchema,
      reasonCode: z.string().nullable(),
      ownerId: z.string().nullable().describe('The user who works the dispute'),
      dueOn: z.string().describe('The SLA: resolved by this day (from the reason code; docs/collections.md)'),
    })
    .describe('The dispute opened and what is still owed'),
  risk: 'write',
  policyAction: 'invoice.dispute',
  handler: async (ctx, input): Promise<Result<DisputeInvoiceResult, DisputeInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? disputeInvoice(ctx, ctx, input) : guard;
  },
});
