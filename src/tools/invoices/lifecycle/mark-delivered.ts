import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { InvoiceStatus } from '../../../billing/invoices/lifecycle.ts';
import type { ActionOf } from '../../../policy/actions.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { invoices } from '../../../db/schema/index.ts';
import type { UseCaseContext, UseCaseDatabase } from '../../policy-gate/context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const markDeliveredSchema = z.object({
  invoiceId: z.uuid().describe('The posted invoice or credit note the client has received'),
});
export type MarkDeliveredInput = z.infer<typeof markDeliveredSchema>;
/** The invoice's delivery is already recorded (it was paid or disputed after it, so its status is not `delivered`). */
export interface AlreadyDelivered {
  code: 'ALREADY_DELIVERED';
  message: string;
  invoiceId: string;
  deliveredAt: string;
}
export type MarkDeliveredError = InvoiceCommandError<AlreadyDelivered>;

export interface MarkDeliveredResult {
  invoiceId: string;
  number: string | null;
  /** `delivered` for an invoice nothing was paid on; an invoice paid or disputed before its delivery keeps that status. */
  status: InvoiceStatus;
  deliveredAt: string;
}

/**
 * Records that the client has the invoice: posted -> delivered. A client may pay or dispute before
 * the delivery is recorded; then the status its balance gave stays and only delivered_at is set (a
 * payment reversed later reopens it as delivered, not posted). Recorded once: a second delivery is a
 * 409 naming when the first was (an invoice already `delivered` gets the lifecycle's refusal).
 */
export async function markDelivered(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: MarkDeliveredInput,
): Promise<Result<MarkDeliveredResult, MarkDeliveredError>> {
  const done = await runInvoiceCommand<ActionOf<'invoice.deliver'>, AlreadyDelivered, null>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'deliver',
      guard: async (_db, invoice) =>
        invoice.deliveredAt
          ? err({
              code: 'ALREADY_DELIVERED',
              message: `the invoice was already delivered on ${invoice.deliveredAt.toISOString()}`,
              invoiceId: invoice.id,
              deliveredAt: invoice.deliveredAt.toISOString(),
            })
          : ok(undefined),
      action: (_db, invoice) =>
        ok({
          type: 'invoice.deliver',
          target: { kind: 'invoice', id: invoice.id },
          args: { revision: invoice.revision },
        }),
      async write(tx, invoice, _action, _gate, to) {
        const [after] = await tx
          .update(invoices)
          .set({
            status: to,
            deliveredAt: ctx.now,
            ...(to !== invoice.status ? { statusChangedAt: ctx.now } : {}),
            updatedAt: ctx.now,
          })
          .where(eq(invoices.id, invoice.id))
          .returning();
        return { after: after!, extra: null };
      },
    },
  );
  if (!done.ok) return done;
  const after = done.value.after;
  return ok({ invoiceId: after.id, number: after.number, status: after.status, deliveredAt: ctx.now.toISOString() });
}
