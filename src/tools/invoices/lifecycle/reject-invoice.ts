import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionOf } from '../../../policy/actions.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { invoices } from '../../../db/schema/index.ts';
import type { UseCaseContext, UseCaseDatabase } from '../../policy-gate/context.ts';
import { writeInvoiceDecisionNotice } from '../../approvals/invoice-decision-notice.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const rejectInvoiceSchema = z.object({
  invoiceId: z.uuid().describe('The invoice waiting for approval (status pending_approval)'),
  reason: z.string().trim().min(1).max(2000).describe('Why it goes back to draft; the preparer reads it'),
});
export type RejectInvoiceInput = z.infer<typeof rejectInvoiceSchema>;
export type RejectInvoiceError = InvoiceCommandError<never>;

export interface RejectInvoiceResult {
  invoiceId: string;
  status: 'draft';
  revision: number;
  rejectionCount: number;
}

/**
 * Sends a pending invoice back to draft with the reason (pending_approval -> draft). The draft starts
 * a new revision, so approvals already granted do not carry over to what is submitted next, and the
 * rejection counts against first-pass accuracy. A decision: people only, never the agent.
 */
export async function rejectInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: RejectInvoiceInput,
): Promise<Result<RejectInvoiceResult, RejectInvoiceError>> {
  const done = await runInvoiceCommand<ActionOf<'invoice.reject'>, never, null>(database, ctx, input.invoiceId, {
    command: 'reject',
    reason: input.reason,
    action: (_db, invoice) =>
      ok({
        type: 'invoice.reject',
        target: { kind: 'invoice', id: invoice.id },
        args: { revision: invoice.revision, reason: input.reason },
      }),
    async write(tx, invoice) {
      const [after] = await tx
        .update(invoices)
        .set({
          status: 'draft',
          revision: sql`${invoices.revision} + 1`,
          rejectionCount: sql`${invoices.rejectionCount} + 1`,
          statusReason: input.reason,
          submittedBy: null,
          submittedFor: null,
          submittedAt: null,
          statusChangedAt: ctx.now,
          updatedAt: ctx.now,
        })
        .where(eq(invoices.id, invoice.id))
        .returning();
      // The submitter's notice, with the reason, is part of the decision.
      await writeInvoiceDecisionNotice(
        tx,
        invoice,
        { event: 'rejected', decidedBy: ctx.actor.userId, reason: input.reason },
        ctx.now,
      );
      return { after: after!, extra: null };
    },
  });
  if (!done.ok) return done;
  const { after } = done.value;
  return ok({ invoiceId: after.id, status: 'draft', revision: after.revision, rejectionCount: after.rejectionCount });
}
