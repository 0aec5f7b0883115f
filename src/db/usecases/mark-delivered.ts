import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import { ok, type Result } from '../../shared/result.ts';
import { invoices } from '../schema/index.ts';
import type { UseCaseContext, UseCaseDatabase } from './context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const markDeliveredSchema = z.object({
  invoiceId: z.uuid().describe('The posted invoice or credit note the client has received'),
});
export type MarkDeliveredInput = z.infer<typeof markDeliveredSchema>;
export type MarkDeliveredError = InvoiceCommandError<never>;

export interface MarkDeliveredResult {
  invoiceId: string;
  number: string | null;
  status: 'delivered';
  deliveredAt: string;
}

/** Records that the client has the invoice (posted -> delivered). */
export async function markDelivered(database: UseCaseDatabase, ctx: UseCaseContext, input: MarkDeliveredInput): Promise<Result<MarkDeliveredResult, MarkDeliveredError>> {
  const done = await runInvoiceCommand<ActionOf<'invoice.deliver'>, never, null>(database, ctx, input.invoiceId, {
    command: 'deliver',
    action: (_db, invoice) => ok({ type: 'invoice.deliver', target: { kind: 'invoice', id: invoice.id }, args: { revision: invoice.revision } }),
    async write(tx, invoice) {
      const [after] = await tx.update(invoices).set({ status: 'delivered', deliveredAt: ctx.now, statusChangedAt: ctx.now, updatedAt: ctx.now })
        .where(eq(invoices.id, invoice.id)).returning();
      return { after: after!, extra: null };
    },
  });
  if (!done.ok) return done;
  return ok({ invoiceId: done.value.after.id, number: done.value.after.number, status: 'delivered', deliveredAt: ctx.now.toISOString() });
}
