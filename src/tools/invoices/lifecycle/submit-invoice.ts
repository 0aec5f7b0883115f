import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionOf } from '../../../policy/actions.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { invoices } from '../../../db/schema/index.ts';
import { invoiceSnapshot, openExceptionsOf } from '../../../db/stores/invoice-lifecycle-store.ts';
import type { StoredDisputeRisk } from '../../../db/stores/submitted-dispute-risk.ts';
import { scoreDraftDispute, storedRiskOf } from '../../collections/draft-dispute-risk.ts';
import {
  matrixOf,
  moneyView,
  type ArgsChanged,
  type MoneyView,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../../policy-gate/context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const submitInvoiceSchema = z.object({
  invoiceId: z.uuid().describe('The draft invoice to put up for approval'),
  expectedRevision: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The revision the caller reviewed; refused with ARGS_CHANGED when the draft changed since'),
});
export type SubmitInvoiceInput = z.infer<typeof submitInvoiceSchema>;

type SubmitRefusal =
  | ArgsChanged
  | { code: 'INVOICE_HELD'; message: string; held: MoneyView }
  | { code: 'OPEN_BLOCKING_EXCEPTIONS'; message: string; exceptionIds: string[] };
export type SubmitInvoiceError = InvoiceCommandError<SubmitRefusal>;

export interface SubmitInvoiceResult {
  invoiceId: string;
  status: 'pending_approval';
  revision: number;
  /** The pre-send check as stored with the submission; flagged = review recommended. */
  disputeRisk: StoredDisputeRisk;
}

/**
 * Puts a draft up for approval (draft -> pending_approval). Refused while the draft has an unresolved
 * blocking exception or is held (a held line would silently drop out of what is billed): those are
 * resolved, or the data fixed and billing re-run, first. Open warnings do not stop it: policy weighs
 * them at approval (the matrix asks a controller to approve an invoice with any open exception).
 * The submitter (and the person the agent acts for) may not approve it.
 *
 * The pre-send check runs in the same transaction: the dispute model scores the draft and the
 * score, the threshold in force and the reasons go into the submission's audit row, where the
 * invoice's approval facts read them; at or above the threshold the matrix's disputeRisk rule adds
 * its reviewer. The model only supplies the number; policy decides.
 */
export async function submitInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: SubmitInvoiceInput,
): Promise<Result<SubmitInvoiceResult, SubmitInvoiceError>> {
  const done = await runInvoiceCommand<ActionOf<'invoice.submit'>, SubmitRefusal, StoredDisputeRisk>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'submit',
      async guard(db, invoice) {
        if (input.expectedRevision !== undefined && input.expectedRevision !== invoice.revision) {
          return err({
            code: 'ARGS_CHANGED',
            message: `the draft is at revision ${invoice.revision}, not ${input.expectedRevision}`,
            steps: [],
            missing: [],
            requestId: null,
          });
        }
        // A hold that holds only its line (a bill_rest rule: the line is carried) lets the rest go out.
        const blocking = (await openExceptionsOf(db, invoice.id)).filter(
          (e) => e.severity === 'blocking' && e.holdScope !== 'line',
        );
        if (blocking.length > 0) {
          return err({
            code: 'OPEN_BLOCKING_EXCEPTIONS',
            message: `resolve ${blocking.length} blocking exception(s) first: ${blocking.map((e) => e.type).join(', ')}`,
            exceptionIds: blocking.map((e) => e.id),
          });
        }
        if (invoice.held)
          return err({
            code: 'INVOICE_HELD',
            message: 'the draft is held; resolve its exceptions or re-run billing first',
            held: moneyView(invoice.heldMinor, invoice.currency),
          });
        return ok(undefined);
      },
      action: (_db, invoice) =>
        ok({
          type: 'invoice.submit',
          target: { kind: 'invoice', id: invoice.id },
          args: { revision: invoice.revision },
        }),
      async write(tx, invoice) {
        const [after] = await tx
          .update(invoices)
          .set({
            status: 'pending_approval',
            submittedBy: ctx.actor.userId,
            submittedFor: ctx.actor.onBehalfOf?.userId ?? null,
            submittedAt: ctx.now,
            statusChangedAt: ctx.now,
            statusReason: null,
            updatedAt: ctx.now,
          })
          .where(eq(invoices.id, invoice.id))
          .returning();
        const scored = await scoreDraftDispute(tx, invoice.id, ctx.now, matrixOf(ctx));
        if (!scored) throw new Error(`invoice ${invoice.id} vanished under its lock`);
        const disputeRisk = storedRiskOf(scored);
        return { after: after!, extra: disputeRisk, audited: { ...invoiceSnapshot(after!), disputeRisk } };
      },
    },
  );
  if (!done.ok) return done;
  return ok({
    invoiceId: done.value.after.id,
    status: 'pending_approval',
    revision: done.value.after.revision,
    disputeRisk: done.value.extra,
  });
}
