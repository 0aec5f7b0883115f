import { eq } from 'drizzle-orm';
import { settleCollectionStatus } from '../../../db/stores/payment-store.ts';
import { z } from 'zod';
import type { ActionOf } from '../../../policy/actions.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { invoices } from '../../../db/schema/index.ts';
import {
  invoiceSnapshot,
  releaseBilledRecords,
  type ReleasedRecords,
} from '../../../db/stores/invoice-lifecycle-store.ts';
import type { UseCaseContext, UseCaseDatabase } from '../../policy-gate/context.ts';
import { liveSupplements, type SupplementRef } from '../../../db/stores/supplements.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const voidInvoiceSchema = z.object({
  invoiceId: z
    .uuid()
    .describe('The invoice to void: a draft, one waiting for approval, or an approved one not yet posted'),
  reason: z.string().trim().min(1).max(2000).describe('Why it is voided'),
});
export type VoidInvoiceInput = z.infer<typeof voidInvoiceSchema>;
/** The invoice has supplementary invoices that are not void: they go first. */
export interface InvoiceHasSupplement {
  code: 'INVOICE_HAS_SUPPLEMENT';
  message: string;
  invoiceId: string;
  supplements: SupplementRef[];
}
export type VoidInvoiceError = InvoiceCommandError<InvoiceHasSupplement>;

export interface VoidInvoiceResult {
  invoiceId: string;
  number: string | null;
  status: 'void';
  released: ReleasedRecords;
}

/**
 * Voids an invoice before it is posted (after posting, corrections are credit notes only). What it
 * billed becomes billable again (the links from its lines go; the lines stay readable), a number it
 * already has stays used, so the sequence keeps no gap. Policy asks a controller's approval for
 * every void: the first call opens the request (APPROVAL_REQUIRED with its id); once approved, the
 * same call with the same reason voids it, as long as the invoice is still in the status and
 * revision it was approved in (else ARGS_CHANGED: the approval was for another invoice state).
 *
 * An invoice with a supplementary invoice that is not void is refused (INVOICE_HAS_SUPPLEMENT), as an
 * ERP refuses cancelling a document with follow-on documents: the supplement bills lines carried off
 * this invoice and names it, and a record split at a cap is linked to this invoice's billed line while
 * its carried part is priced on the supplement, so voiding this one alone would let a re-run price that
 * part again. Void the supplement first (or, once it is posted, post this one and credit it instead).
 */
export async function voidInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: VoidInvoiceInput,
): Promise<Result<VoidInvoiceResult, VoidInvoiceError>> {
  const done = await runInvoiceCommand<ActionOf<'invoice.void'>, InvoiceHasSupplement, ReleasedRecords>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'void',
      reason: input.reason,
      guard: async (db, invoice) => {
        const live = await liveSupplements(db, invoice.id);
        if (live.length === 0) return ok(undefined);
        const list = live.map((s) => `${s.reference} (${s.status})`).join(', ');
        const posted = live.some(
          (s) => s.status !== 'draft' && s.status !== 'pending_approval' && s.status !== 'approved',
        );
        return err<InvoiceHasSupplement>({
          code: 'INVOICE_HAS_SUPPLEMENT',
          invoiceId: invoice.id,
          supplements: live,
          message:
            `supplementary invoice ${list} bills lines carried off this invoice: ` +
            (posted
              ? 'a posted supplement cannot be voided, so post this invoice and correct it by credit note'
              : 'void the supplement first (its carried records become billable again), then this invoice'),
        });
      },
      action: (_db, invoice) =>
        ok({
          type: 'invoice.void',
          target: { kind: 'invoice', id: invoice.id },
          args: { reason: input.reason, status: invoice.status, revision: invoice.revision },
        }),
      facts: async (_db, invoice) => ok({ entityId: invoice.legalEntityId, preparerId: invoice.preparedBy }),
      async write(tx, invoice) {
        const released = await releaseBilledRecords(tx, invoice.id);
        const [after] = await tx
          .update(invoices)
          .set({ status: 'void', statusReason: input.reason, statusChangedAt: ctx.now, updatedAt: ctx.now })
          .where(eq(invoices.id, invoice.id))
          .returning();
        // A voided credit note no longer counts against the invoice it credited: a paid invoice with something open again is partially paid.
        const credited = invoice.kind === 'credit_note' && invoice.creditsInvoiceId ? invoice.creditsInvoiceId : null;
        const settled = credited
          ? await settleCollectionStatus(tx, credited, `credit note ${invoice.number ?? invoice.id} voided`, ctx.now, {
              lock: true,
            })
          : null;
        return {
          after: after!,
          extra: released,
          audited: {
            ...invoiceSnapshot(after!),
            released,
            ...(settled ? { creditedInvoice: { id: settled.id, status: settled.status } } : {}),
          },
        };
      },
    },
  );
  if (!done.ok) return done;
  return ok({
    invoiceId: done.value.after.id,
    number: done.value.after.number,
    status: 'void',
    released: done.value.extra,
  });
}
