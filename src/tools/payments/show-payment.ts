import { z } from 'zod';
import { getPaymentDetail } from '../../db/stores/payment-store.ts';
import { moneyView } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

type ShowPaymentError = { code: 'PAYMENT_NOT_FOUND'; message: string; id: string } | ScopeError;
import { PAYMENT_READERS, paymentView, paymentViewSchema } from './payment-view.ts';

export const paymentDetailSchema = paymentViewSchema
  .extend({
    allocations: z.array(
      z.object({
        invoiceId: z.string(),
        invoiceNumber: z.string().nullable(),
        invoiceStatus: z.string(),
        amount: moneyViewSchema,
      }),
    ),
  })
  .describe('A payment with its allocations');

export const paymentsShow = defineTool({
  name: 'payments_show',
  description: 'One payment by id: amount, applied and unapplied cash, reversal, and each invoice it was applied to.',
  input: z.object({ id: z.uuid().describe('The payment id') }),
  output: paymentDetailSchema,
  risk: 'read',
  policyAction: null,
  readers: PAYMENT_READERS,
  handler: async (ctx, { id }): Promise<Result<z.output<typeof paymentDetailSchema>, ShowPaymentError>> => {
    const d = await getPaymentDetail(ctx.db, id);
    if (!d) return err({ code: 'PAYMENT_NOT_FOUND', message: `No payment ${id}`, id });
    if (!actorMayTouch(ctx.actor, d.payment.legalEntityId)) return err(outOfScopeError(d.payment.legalEntityId));
    return ok({
      ...paymentView(d),
      allocations: d.allocations.map((a) => ({
        invoiceId: a.allocation.invoiceId,
        invoiceNumber: a.invoiceNumber,
        invoiceStatus: a.invoiceStatus,
        amount: moneyView(a.allocation.amountMinor, d.payment.currency),
      })),
    });
  },
});
