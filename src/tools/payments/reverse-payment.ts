import { z } from 'zod';

import { planReversal, type ReversalRefusal } from '../../billing/payments/reverse.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  allocationsOf,
  getPayment,
  lockInvoiceBalances,
  markPaymentReversed,
  setEffectStatuses,
} from '../../db/stores/payment-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import {
  approvalRef,
  auditEntry,
  readMatrixInForce,
  type MoneyView,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../policy-gate/context.ts';
import { effectBefore, paymentSnapshot } from './record-payment.ts';
import { moneyView } from '../../shared/money.ts';
import { defineTool } from '../define-tool.ts';
import { guardPayment, type PaymentGuardError } from './payment-guard.ts';
import { moneyViewSchema } from '../schemas.ts';

export const reversePaymentSchema = z.object({
  paymentId: z.uuid().describe('The recorded payment to reverse'),
  reason: z.string().trim().min(1).max(2000).describe('Why, e.g. "returned by the bank: insufficient funds"'),
});
export type ReversePaymentInput = z.infer<typeof reversePaymentSchema>;
export type ReversePaymentError =
  | { code: 'PAYMENT_NOT_FOUND'; message: string; paymentId: string }
  | ReversalRefusal
  | GateError;

export interface ReversePaymentResult {
  paymentId: string;
  status: 'reversed';
  /** Each invoice the payment paid: what it owes again, its open balance and status now. */
  invoices: { invoiceId: string; reopened: MoneyView; openBalance: MoneyView; status: string }[];
}

/**
 * Reverses a payment that did not stick (bounced, returned, recorded against the wrong client):
 * the payment stays on record as reversed, its allocations stop counting, and every invoice it paid
 * gets the amount back on its balance, its status following (paid -> partially_paid -> delivered).
 * Locks the payment, then its invoices, checks policy again, writes and audits in one transaction.
 */
export async function reversePayment(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ReversePaymentInput,
): Promise<Result<ReversePaymentResult, ReversePaymentError>> {
  const notFound = {
    code: 'PAYMENT_NOT_FOUND' as const,
    message: `no payment ${input.paymentId}`,
    paymentId: input.paymentId,
  };
  const found = await getPayment(database.db, input.paymentId);
  if (!found) return err(notFound);
  const action: ActionOf<'invoice.reverse_payment'> = {
    type: 'invoice.reverse_payment',
    target: { kind: 'payment', id: found.id },
    args: { reason: input.reason },
  };
  const facts = { entityId: found.legalEntityId };
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, action, facts);
  if (!denied.ok) return denied;

  return database.db.transaction(async (tx) => {
    const payment = (await getPayment(tx, input.paymentId, { lock: true }))!;
    const allocations = await allocationsOf(tx, payment.id);
    const balances = await lockInvoiceBalances(
      tx,
      allocations.map((a) => a.invoiceId),
    );
    const plan = planReversal({ id: payment.id, reversed: payment.status === 'reversed', allocations }, balances);
    if (!plan.ok) return plan;
    const gate = await passGate(tx, ctx, action, facts);
    if (!gate.ok) return gate;
    const after = await markPaymentReversed(tx, payment.id, ctx.actor.userId, input.reason, ctx.now);
    await setEffectStatuses(tx, plan.value, `payment ${payment.bankReference} reversed: ${input.reason}`, ctx.now);
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'payment',
        targetId: payment.id,
        before: { payment: paymentSnapshot(payment), invoices: plan.value.map(effectBefore) },
        after: {
          payment: paymentSnapshot(after),
          invoices: plan.value.map((e) => ({
            invoiceId: e.invoiceId,
            status: e.statusAfter,
            openBalanceMinor: e.balanceAfterMinor,
          })),
        },
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: input.reason,
      }),
    );
    const cur = payment.currency;
    return ok({
      paymentId: payment.id,
      status: 'reversed' as const,
      invoices: plan.value.map((e) => ({
        invoiceId: e.invoiceId,
        reopened: moneyView(-e.amountMinor, cur),
        openBalance: moneyView(e.balanceAfterMinor, cur),
        status: e.statusAfter,
      })),
    });
  });
}

export const paymentsReverse = defineTool({
  name: 'payments_reverse',
  description:
    'Reverses a payment that bounced or was recorded in error: it stays on record as reversed and every invoice it paid owes the amount again. Collectors and finance admins; never the agent.',
  input: reversePaymentSchema,
  output: z
    .object({
      paymentId: z.string(),
      status: z.literal('reversed'),
      invoices: z.array(
        z.object({
          invoiceId: z.string(),
          reopened: moneyViewSchema,
          openBalance: moneyViewSchema,
          status: z.string(),
        }),
      ),
    })
    .describe('The invoices the payment paid, as they are now'),
  risk: 'write',
  policyAction: 'invoice.reverse_payment',
  handler: async (ctx, input): Promise<Result<ReversePaymentResult, ReversePaymentError | PaymentGuardError>> => {
    const guard = await guardPayment(ctx.db, ctx.actor, input.paymentId);
    return guard.ok ? reversePayment(ctx, ctx, input) : guard;
  },
});
