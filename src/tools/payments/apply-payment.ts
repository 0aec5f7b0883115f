import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { guardPayment, type PaymentGuardError } from './payment-guard.ts';
import { moneyViewSchema } from '../schemas.ts';
import { planApplication, type ApplicationRefusal } from '../../billing/payments/apply.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { minorUnits } from '../../shared/currency.ts';
import { money, moneyView, parse } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  addAllocations,
  allocationsOf,
  getPayment,
  invoiceIdsByReference,
  lockInvoiceBalances,
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
import {
  decimal,
  effectAfter,
  effectBefore,
  effectView,
  paymentSnapshot,
  type PaymentInvoiceView,
} from './record-payment.ts';

export const applyPaymentSchema = z.object({
  paymentId: z.uuid().describe('The recorded payment whose unapplied cash to apply'),
  allocations: z
    .array(
      z.object({
        invoice: z.string().trim().min(1).max(100).describe('Invoice number or id, of the paying client'),
        amount: decimal.describe(
          "How much of the payment's unapplied cash goes to the invoice; at most its open balance",
        ),
      }),
    )
    .min(1)
    .max(200)
    .describe('Invoices to apply the cash to; together at most what the payment has unapplied'),
  note: z.string().trim().max(2000).optional().describe('Why, e.g. "remittance advice of 3 Dec names INV-000123"'),
});
export type ApplyPaymentInput = z.infer<typeof applyPaymentSchema>;

export type ApplyPaymentError =
  | ApplicationRefusal
  | { code: 'PAYMENT_NOT_FOUND'; message: string; paymentId: string }
  | { code: 'UNKNOWN_INVOICE'; message: string; invoices: string[] }
  | { code: 'AMOUNT_TOO_PRECISE'; message: string; invoice: string; currency: string }
  | GateError;

export interface ApplyPaymentResult {
  paymentId: string;
  amount: MoneyView;
  /** Applied by this call. */
  appliedNow: MoneyView;
  /** Applied by all the payment's allocations, and what is still left on the client. */
  applied: MoneyView;
  unapplied: MoneyView;
  invoices: PaymentInvoiceView[];
}

/**
 * Applies cash a payment left unapplied (it arrived before the invoice, or was more than what was
 * allocated) to invoices of its client: the payment's own allocations grow, each invoice's status
 * follows its balance, and one audit row records it. Policy as for recording payments (collectors,
 * finance admins; never the agent). In one transaction: the payment is locked, then its invoices
 * (the order reversing takes, so the two queue rather than deadlock), policy is checked again and
 * the allocations are checked against what is unapplied now, so two applications at once never
 * apply more than the payment.
 */
export async function applyPayment(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ApplyPaymentInput,
): Promise<Result<ApplyPaymentResult, ApplyPaymentError>> {
  const found = await getPayment(database.db, input.paymentId);
  if (!found)
    return err({ code: 'PAYMENT_NOT_FOUND', message: `no payment ${input.paymentId}`, paymentId: input.paymentId });
  const cur = found.currency;
  const tooPrecise = input.allocations.find((a) => (a.amount.split('.')[1]?.length ?? 0) > minorUnits(cur));
  const ids = await invoiceIdsByReference(
    database.db,
    found.legalEntityId,
    input.allocations.map((a) => a.invoice),
  );
  const allocations = input.allocations.flatMap((a) => {
    const invoiceId = ids.get(a.invoice);
    return invoiceId && !tooPrecise ? [{ invoiceId, amountMinor: parse(a.amount, cur).amountMinor }] : [];
  });
  const action: ActionOf<'invoice.apply_payment'> = {
    type: 'invoice.apply_payment',
    target: { kind: 'payment', id: found.id },
    args: { allocations: allocations.map((a) => ({ invoiceId: a.invoiceId, amount: money(a.amountMinor, cur) })) },
  };
  const facts = { entityId: found.legalEntityId };
  // Policy first: a caller outside the payment's entity learns nothing about its invoices.
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, action, facts);
  if (!denied.ok) return denied;
  if (tooPrecise) {
    return err({
      code: 'AMOUNT_TOO_PRECISE',
      message: `${tooPrecise.amount} has more decimals than ${cur} has`,
      invoice: tooPrecise.invoice,
      currency: cur,
    });
  }
  const unknown = input.allocations.filter((a) => !ids.has(a.invoice)).map((a) => a.invoice);
  if (unknown.length)
    return err({
      code: 'UNKNOWN_INVOICE',
      message: `no invoice ${unknown.join(', ')} in the payment's legal entity`,
      invoices: unknown,
    });

  return database.db.transaction(async (tx) => {
    const payment = (await getPayment(tx, found.id, { lock: true }))!;
    const before = await allocationsOf(tx, payment.id);
    const appliedBefore = before.reduce((s, a) => s + a.amountMinor, 0n);
    const balances = await lockInvoiceBalances(
      tx,
      allocations.map((a) => a.invoiceId),
    );
    const plan = planApplication(
      {
        id: payment.id,
        clientId: payment.clientId,
        currency: cur,
        amountMinor: payment.amountMinor,
        reversed: payment.status === 'reversed',
        appliedMinor: appliedBefore,
      },
      allocations,
      balances,
    );
    if (!plan.ok) return plan;
    const gate = await passGate(tx, ctx, action, facts);
    if (!gate.ok) return gate;
    await addAllocations(tx, payment.id, allocations, ctx.now);
    await setEffectStatuses(tx, plan.value.effects, `payment ${payment.bankReference} applied`, ctx.now);
    const appliedAfter = appliedBefore + plan.value.appliedMinor;
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'payment',
        targetId: payment.id,
        before: {
          payment: paymentSnapshot(payment),
          unappliedMinor: payment.amountMinor - appliedBefore,
          invoices: plan.value.effects.map(effectBefore),
        },
        after: { unappliedMinor: payment.amountMinor - appliedAfter, invoices: plan.value.effects.map(effectAfter) },
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: input.note ?? null,
      }),
    );
    return ok({
      paymentId: payment.id,
      amount: moneyView(payment.amountMinor, cur),
      appliedNow: moneyView(plan.value.appliedMinor, cur),
      applied: moneyView(appliedAfter, cur),
      unapplied: moneyView(payment.amountMinor - appliedAfter, cur),
      invoices: plan.value.effects.map((e) => effectView(e, cur)),
    });
  });
}

export const paymentsApply = defineTool({
  name: 'payments_apply',
  description:
    'Applies cash a recorded payment left unapplied to posted invoices of its client, each at most its open balance and together at most what is unapplied. Send an idempotency key: a retry without one applies again while cash is left. Collectors and finance admins; never the agent.',
  input: applyPaymentSchema,
  output: z
    .object({
      paymentId: z.string(),
      amount: moneyViewSchema,
      appliedNow: moneyViewSchema.describe('Applied by this call'),
      applied: moneyViewSchema,
      unapplied: moneyViewSchema,
      invoices: z.array(
        z.object({
          invoiceId: z.string(),
          allocated: moneyViewSchema,
          openBalance: moneyViewSchema,
          status: z.string(),
        }),
      ),
    })
    .describe('What was applied, what is left unapplied, and each invoice now'),
  risk: 'write',
  policyAction: 'invoice.apply_payment',
  handler: async (ctx, input): Promise<Result<ApplyPaymentResult, ApplyPaymentError | PaymentGuardError>> => {
    const guard = await guardPayment(ctx.db, ctx.actor, input.paymentId);
    return guard.ok ? applyPayment(ctx, ctx, input) : guard;
  },
});
