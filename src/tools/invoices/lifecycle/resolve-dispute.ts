import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DISPUTE_RESOLUTIONS, planResolution } from '../../../billing/payments/dispute.ts';
import type { ActionOf } from '../../../policy/actions.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { invoiceDisputes } from '../../../db/schema/index.ts';
import { invoiceSnapshot } from '../../../db/stores/invoice-lifecycle-store.ts';
import { invoiceBalances, openDisputeOf, setInvoiceStatus, type DisputeRow } from '../../../db/stores/payment-store.ts';
import type { UseCaseContext, UseCaseDatabase } from '../../../db/usecases/context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const resolveDisputeSchema = z.object({
  invoiceId: z.uuid().describe('The disputed invoice'),
  resolution: z
    .enum(DISPUTE_RESOLUTIONS)
    .describe('upheld: the client is right (follow with a credit note); rejected: the invoice stands as billed'),
  note: z.string().trim().min(1).max(2000).describe('What was decided and why'),
});
export type ResolveDisputeInput = z.infer<typeof resolveDisputeSchema>;
type Refusal = { code: 'NO_OPEN_DISPUTE'; message: string };
export type ResolveDisputeError = InvoiceCommandError<Refusal>;

export interface ResolveDisputeResult {
  invoiceId: string;
  number: string | null;
  disputeId: string;
  resolution: 'upheld' | 'rejected';
  /** Back to what the balance gives: delivered, posted, partially paid or paid. */
  status: string;
  /** upheld: the correction is a credit note (POST /invoices/{ref}/credit-notes), approved separately. */
  nextStep: 'credit_note' | null;
}

/**
 * Ends a dispute (controllers and finance admins; a decision, so never the agent): the dispute is
 * closed as upheld or rejected with a note, and the invoice returns to the status its balance
 * gives. Upheld disputes are corrected by a credit note, which goes through its own approval.
 */
export async function resolveDispute(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ResolveDisputeInput,
): Promise<Result<ResolveDisputeResult, ResolveDisputeError>> {
  // The open dispute as action() read it last: facts() runs right after it on the same handle (under the row lock in the transaction).
  let dispute: DisputeRow | null = null;
  const done = await runInvoiceCommand<ActionOf<'invoice.resolve_dispute'>, Refusal, string>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'resolve_dispute',
      reason: input.note,
      async action(db, invoice) {
        dispute = await openDisputeOf(db, invoice.id);
        if (!dispute) return err({ code: 'NO_OPEN_DISPUTE', message: 'the invoice has no open dispute' });
        return ok({
          type: 'invoice.resolve_dispute',
          target: { kind: 'invoice', id: invoice.id },
          args: { disputeId: dispute.id, resolution: input.resolution, note: input.note },
        });
      },
      async facts(_db, invoice) {
        const openers = dispute ? [dispute.openedBy, ...(dispute.openedFor ? [dispute.openedFor] : [])] : [];
        return ok({ entityId: invoice.legalEntityId, disputeOpenedBy: openers });
      },
      async write(tx, invoice, action) {
        const facts = (await invoiceBalances(tx, [invoice.id])).get(invoice.id)!;
        const status = planResolution(facts);
        // runInvoiceCommand checked the transition under the lock; a refusal here is a bug.
        if (!status.ok) throw new Error(status.error.message);
        const [closed] = await tx
          .update(invoiceDisputes)
          .set({
            resolution: input.resolution,
            resolutionNote: input.note,
            resolvedBy: ctx.actor.userId,
            resolvedAt: ctx.now,
          })
          .where(eq(invoiceDisputes.id, action.args.disputeId))
          .returning();
        const after = await setInvoiceStatus(
          tx,
          invoice.id,
          status.value,
          `dispute ${input.resolution}: ${input.note}`,
          ctx.now,
        );
        return {
          after,
          extra: closed!.id,
          audited: {
            ...invoiceSnapshot(after),
            dispute: { id: closed!.id, resolution: input.resolution, note: input.note },
          },
        };
      },
    },
  );
  if (!done.ok) return done;
  const inv = done.value.after;
  return ok({
    invoiceId: inv.id,
    number: inv.number,
    disputeId: done.value.extra,
    resolution: input.resolution,
    status: inv.status,
    nextStep: input.resolution === 'upheld' ? 'credit_note' : null,
  });
}
