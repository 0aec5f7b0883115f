import { z } from 'zod';
import {
  approveInvoice,
  approveInvoiceSchema,
  type ApproveInvoiceError,
  type ApproveInvoiceResult,
} from './lifecycle/approve-invoice.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesApprove = defineTool({
  name: 'invoices_approve',
  description:
    'Approves a pending invoice: grants the next level the approval matrix asks for; the last level approves and numbers it. ' +
    'The preparer and the submitter may not approve; the agent never does.',
  input: approveInvoiceSchema,
  output: z
    .object({
      outcome: z.enum(['approved', 'level_approved']),
      invoiceId: z.string(),
      status: z.enum(['approved', 'pending_approval']),
      number: z.string().nullable(),
      issueDate: z.string().nullable(),
      dueDate: z.string().nullable(),
      approvedLevel: z.number().int().nullable(),
      remainingSteps: z.array(z.object({ level: z.number().int(), role: z.string(), reason: z.string() })),
    })
    .describe('Approved (numbered, with its dates) or one level approved with the levels still needed'),
  risk: 'decision',
  policyAction: 'invoice.approve',
  handler: async (ctx, input): Promise<Result<ApproveInvoiceResult, ApproveInvoiceError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? approveInvoice(ctx, ctx, input) : guard;
  },
});
