import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionOf } from '../../../policy/actions.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { invoices } from '../../../db/schema/index.ts';
import type { UseCaseContext, UseCaseDatabase } from '../../policy-gate/context.ts';
import { storeDisputeAtIssue } from '../../collections/score-dispute-at-issue.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const postInvoiceSchema = z.object({
  invoiceId: z.uuid().describe('The approved invoice or credit note to post'),
});
export type PostInvoiceInput = z.infer<typeof postInvoiceSchema>;
export type PostInvoiceError = InvoiceCommandError<never>;

export interface PostInvoiceResult {
  invoiceId: string;
  number: string | null;
  status: 'posted';
  postedAt: string;
}

/**
 * Posts an approved invoice or credit note (approved -> posted). From here on it is never edited or
 * voided: corrections are credit notes. An invoice's dispute probability at issue is stored with it.
 */
export async function postInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: PostInvoiceInput,
): Promise<Result<PostInvoiceResult, PostInvoiceError>> {
  const done = await runInvoiceCommand<ActionOf<'invoice.post'>, never, null>(database, ctx, input.invoiceId, {
    command: 'post',
    action: (_db, invoice) =>
      ok({ type: 'invoice.post', target: { kind: 'invoice', id: invoice.id }, args: { revision: invoice.revision } }),
    async write(tx, invoice) {
      const [after] = await tx
        .update(invoices)
        .set({ status: 'posted', postedAt: ctx.now, statusChangedAt: ctx.now, updatedAt: ctx.now })
        .where(eq(invoices.id, invoice.id))
        .returning();
      // The dispute model's score at issue, once per model version: the nightly prioritization reads it.
      if (after!.kind === 'invoice') await storeDisputeAtIssue(tx, after!, ctx.now);
      return { after: after!, extra: null };
    },
  });
  if (!done.ok) return done;
  return ok({
    invoiceId: done.value.after.id,
    number: done.value.after.number,
    status: 'posted',
    postedAt: ctx.now.toISOString(),
  });
}
