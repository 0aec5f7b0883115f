import { z } from 'zod';
import { openBalance } from '../../../billing/payments/balance.ts';
import { planDispute, type DisputeRefusal } from '../../../billing/payments/dispute.ts';
import type { ActionOf } from '../../../policy/actions.ts';
import { amountField } from '../../../shared/bounded-fields.ts';
import { minorUnits } from '../../../shared/currency.ts';
import { money, parse } from '../../../shared/money.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { invoiceDisputes } from '../../../db/schema/index.ts';
import { invoiceSnapshot } from '../../../db/stores/invoice-lifecycle-store.ts';
import { invoiceBalances, setInvoiceStatus } from '../../../db/stores/payment-store.ts';
import type { MoneyView, UseCaseContext, UseCaseDatabase } from '../../../db/usecases/context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';
import { moneyView } from '../../../shared/money.ts';

export const disputeInvoiceSchema = z.object({
  invoiceId: z.uuid().describe('The posted invoice the client disputes'),
  reason: z.string().trim().min(1).max(2000).describe('The client\'s objection, e.g. "hours on 12 Oct not agreed"'),
  disputedAmount: amountField()
    .optional()
    .describe("The part disputed, in the invoice's currency; omitted = the invoice as a whole"),
});
export type DisputeInvoiceInput = z.infer<typeof disputeInvoiceSchema>;
type Refusal = DisputeRefusal | { code: 'DISPUTED_AMOUNT_INVALID'; message: string };
export type DisputeInvoiceError = InvoiceCommandError<Refusal>;

export interface DisputeInvoiceResult {
  invoiceId: string;
  number: string | null;
  status: 'disputed';
  disputeId: string;
  disputedAmount: MoneyView | null;
  openBalance: MoneyView;
}

/**
 * Marks an invoice disputed by its client (collectors and account managers; never the agent):
 * posted, delivered or partially paid with something owed -> disputed, with the reason and,
 * optionally, the amount in dispute. Collectors leave a disputed invoice alone until a controller
 * resolves the dispute; payments still apply to it meanwhile.
 */
export async function disputeInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: DisputeInvoiceInput,
): Promise<Result<DisputeInvoiceResult, DisputeInvoiceError>> {
  let disputeId = '';
  let open = 0n;
  const done = await runInvoiceCommand<ActionOf<'invoice.dispute'>, Refusal, MoneyView | null>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'dispute',
      reason: input.reason,
      async action(db, invoice) {
        const amount = disputedMinor(input.disputedAmount, invoice.currency);
        if (amount === 'invalid')
          return err({ code: 'DISPUTED_AMOUNT_INVALID', message: `more decimals than ${invoice.currency} has` });
        const facts = (await invoiceBalances(db, [invoice.id])).get(invoice.id)!;
        const planned = planDispute(facts, amount);
        if (!planned.ok) return err(planned.error);
        open = openBalance(facts);
        return ok({
          type: 'invoice.dispute',
          target: { kind: 'invoice', id: invoice.id },
          args: { reason: input.reason, disputedAmount: amount === null ? null : money(amount, invoice.currency) },
        });
      },
      async write(tx, invoice, action) {
        const [row] = await tx
          .insert(invoiceDisputes)
          .values({
            invoiceId: invoice.id,
            reason: input.reason,
            disputedAmountMinor: action.args.disputedAmount?.amountMinor ?? null,
            openedBy: ctx.actor.userId,
            openedFor: ctx.actor.onBehalfOf?.userId ?? null,
            openedAt: ctx.now,
          })
          .returning();
        disputeId = row!.id;
        const after = await setInvoiceStatus(tx, invoice.id, 'disputed', input.reason, ctx.now);
        const shown = action.args.disputedAmount
          ? moneyView(action.args.disputedAmount.amountMinor, invoice.currency)
          : null;
        return {
          after,
          extra: shown,
          audited: {
            ...invoiceSnapshot(after),
            dispute: { id: row!.id, reason: input.reason, disputedAmountMinor: row!.disputedAmountMinor },
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
    status: 'disputed',
    disputeId,
    disputedAmount: done.value.extra,
    openBalance: moneyView(open, inv.currency),
  });
}

function disputedMinor(amount: string | undefined, currency: string): bigint | null | 'invalid' {
  if (amount === undefined) return null;
  if ((amount.split('.')[1]?.length ?? 0) > minorUnits(currency)) return 'invalid';
  return parse(amount, currency).amountMinor;
}
