import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { openBalance } from '../../../billing/payments/balance.ts';
import type { ActionOf } from '../../../policy/actions.ts';
import { periodBounds } from '../../../shared/dates.ts';
import { money } from '../../../shared/money.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { invoiceDisputes } from '../../../db/schema/index.ts';
import { inEntityCurrency, type FxRateMissing } from '../../../db/stores/invoice-facts.ts';
import { invoiceSnapshot } from '../../../db/stores/invoice-lifecycle-store.ts';
import { invoiceBalances, setInvoiceStatus } from '../../../db/stores/payment-store.ts';
import { moneyView, type MoneyView, type UseCaseContext, type UseCaseDatabase } from '../../policy-gate/context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const writeOffInvoiceSchema = z.object({
  invoiceId: z.uuid().describe('The posted invoice whose outstanding amount will not be collected'),
  reason: z.string().trim().min(1).max(2000).describe('Why it is written off'),
});
export type WriteOffInvoiceInput = z.infer<typeof writeOffInvoiceSchema>;
type WriteOffRefusal = FxRateMissing | { code: 'NOTHING_TO_WRITE_OFF'; message: string };
export type WriteOffInvoiceError = InvoiceCommandError<WriteOffRefusal>;

export interface WriteOffInvoiceResult {
  invoiceId: string;
  number: string | null;
  status: 'written_off';
  writtenOff: MoneyView;
}

/**
 * Writes off what is still owed on a posted invoice (-> written_off). Policy always asks a controller,
 * and a finance admin as well above the matrix's threshold (amount in the entity's currency): the
 * first call opens the request, the same call once approved writes it off.
 */
export async function writeOffInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: WriteOffInvoiceInput,
): Promise<Result<WriteOffInvoiceResult, WriteOffInvoiceError>> {
  const done = await runInvoiceCommand<ActionOf<'invoice.write_off'>, WriteOffRefusal, MoneyView>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'write_off',
      reason: input.reason,
      async action(db, invoice) {
        // The open balance (total less credit notes not void and payments not reversed), as payments and disputes read it.
        const owed = openBalance((await invoiceBalances(db, [invoice.id])).get(invoice.id)!);
        if (owed <= 0n) return err({ code: 'NOTHING_TO_WRITE_OFF', message: 'nothing is owed on the invoice' });
        return ok({
          type: 'invoice.write_off',
          target: { kind: 'invoice', id: invoice.id },
          args: { amount: money(owed, invoice.currency), reason: input.reason },
        });
      },
      async facts(db, invoice, action) {
        const amount = await inEntityCurrency(
          db,
          action.args.amount,
          invoice.legalEntityId,
          periodBounds(invoice.period).end,
        );
        return amount.ok
          ? ok({ entityId: invoice.legalEntityId, amount: amount.value, preparerId: invoice.preparedBy })
          : amount;
      },
      async write(tx, invoice, action) {
        const after = await setInvoiceStatus(tx, invoice.id, 'written_off', input.reason, ctx.now);
        // A dispute still open ends with the write-off: nothing is left to chase or to decide.
        const [closedDispute] = await tx
          .update(invoiceDisputes)
          .set({
            resolution: 'written_off',
            resolutionNote: input.reason,
            resolvedBy: ctx.actor.userId,
            resolvedAt: ctx.now,
          })
          .where(and(eq(invoiceDisputes.invoiceId, invoice.id), isNull(invoiceDisputes.resolvedAt)))
          .returning({ id: invoiceDisputes.id });
        const writtenOff = moneyView(action.args.amount.amountMinor, action.args.amount.currency);
        return {
          after,
          extra: writtenOff,
          audited: closedDispute ? { ...invoiceSnapshot(after), closedDisputeId: closedDispute.id } : undefined,
        };
      },
    },
  );
  if (!done.ok) return done;
  return ok({
    invoiceId: done.value.after.id,
    number: done.value.after.number,
    status: 'written_off',
    writtenOff: done.value.extra,
  });
}
