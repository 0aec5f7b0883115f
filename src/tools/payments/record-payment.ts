import { z } from 'zod';
import { openBalance, type InvoiceBalanceFacts } from '../../billing/payments/balance.ts';
import {
  PAYMENT_METHODS,
  planPayment,
  samePayment,
  type InvoiceEffect,
  type PaymentIdentity,
  type PaymentRefusal,
} from '../../billing/payments/record.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { amountField, dateField, refineAmount } from '../../shared/bounded-fields.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { addDays } from '../../shared/dates.ts';
import { money, parse } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  allocationsOf,
  clientByCode,
  insertAllocations,
  insertPayment,
  invoiceIdsByReference,
  lockInvoiceBalances,
  paymentByReference,
  setEffectStatuses,
  type PaymentRow,
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
import { moneyView } from '../../shared/money.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import {
  receivingEntityOf,
  refuseMixedEntities,
  type MixedEntitiesError,
  type UnknownEntityError,
} from './receiving-entity.ts';

/** An amount at the boundary; its currency's bound (decimals, largest amount) is checked where the currency is known. */
export const decimal = amountField();

export const recordPaymentSchema = z
  .object({
    client: z.string().trim().min(1).max(64).describe('The paying client (code)'),
    legalEntity: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe(
        'The legal entity whose bank account received the cash (code); every allocated invoice must be one it issued. ' +
          "Default: the entity that issued the allocated invoices (an invoice issued before the client moved to another entity is paid to the old one), else the client's",
      ),
    amount: decimal.describe('The amount received, in the currency, e.g. "1250.00"'),
    currency: z
      .string()
      .refine(isKnownCurrency, 'an ISO 4217 currency code this system knows')
      .describe('The currency received; each invoice paid must be in it'),
    receivedOn: dateField().describe('The day the cash arrived'),
    method: z.enum(PAYMENT_METHODS).describe('How it arrived'),
    bankReference: z
      .string()
      .trim()
      .min(1)
      .max(140)
      .describe(
        "The bank's reference of the transaction, unique per legal entity: the same reference again replays the first payment, a different payment under it is refused",
      ),
    note: z.string().trim().max(2000).optional().describe('Free text, e.g. the remittance advice'),
    allocations: z
      .array(
        z.object({
          invoice: z.string().trim().min(1).max(100).describe('Invoice number or id'),
          amount: decimal.describe('How much of the payment goes to the invoice; at most its open balance'),
        }),
      )
      .max(200)
      .default([])
      .describe(
        'Invoices of the client, issued by the receiving legal entity, the payment pays; what they leave of the amount stays on the client as unapplied cash',
      ),
  })
  .superRefine((p, ctx) => {
    refineAmount(ctx, p.amount, p.currency, ['amount']);
    p.allocations.forEach((a, i) => refineAmount(ctx, a.amount, p.currency, ['allocations', i, 'amount']));
  });
export type RecordPaymentInput = z.infer<typeof recordPaymentSchema>;

type Refusal =
  | PaymentRefusal
  | UnknownEntityError
  | MixedEntitiesError
  | { code: 'UNKNOWN_CLIENT'; message: string; client: string }
  | { code: 'UNKNOWN_INVOICE'; message: string; invoices: string[] }
  | { code: 'RECEIVED_IN_FUTURE'; message: string; receivedOn: string }
  | { code: 'PAYMENT_REFERENCE_CONFLICT'; message: string; paymentId: string; bankReference: string };
export type RecordPaymentError = Refusal | GateError;

/** What a payment did (or, replayed, does now) to each invoice it pays. */
export interface PaymentInvoiceView {
  invoiceId: string;
  allocated: MoneyView;
  openBalance: MoneyView;
  status: string;
}

export interface RecordPaymentResult {
  paymentId: string;
  bankReference: string;
  status: 'recorded' | 'reversed';
  amount: MoneyView;
  applied: MoneyView;
  unapplied: MoneyView;
  /** True when the bank reference was recorded before with the same payment: nothing new happened. */
  replayed: boolean;
  invoices: PaymentInvoiceView[];
}

/**
 * Records cash received from a client and applies it to the client's invoices (policy: collectors
 * and finance admins; never the agent). Inside one transaction: the invoices are locked, a bank
 * reference already used returns the first payment (replayed) or PAYMENT_REFERENCE_CONFLICT,
 * policy is checked again, the allocations are checked against the locked balances
 * (billing/payments/record.ts), the payment and allocations are written, each invoice's status
 * follows its balance (partially_paid, paid) and one audit row records it all.
 */
export async function recordPayment(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: RecordPaymentInput,
): Promise<Result<RecordPaymentResult, RecordPaymentError>> {
  const client = await clientByCode(database.db, input.client);
  if (!client)
    return err({ code: 'UNKNOWN_CLIENT', message: `no client with code "${input.client}"`, client: input.client });
  const cur = input.currency;
  const refs = input.allocations.map((a) => a.invoice);
  const receiving = await receivingEntityOf(database.db, ctx.actor, client, input.legalEntity, refs);
  if (!receiving.ok) return receiving;
  const entity = receiving.value;
  const ids = await invoiceIdsByReference(database.db, entity.id, refs);
  const allocations = input.allocations.flatMap((a) => {
    const invoiceId = ids.get(a.invoice);
    return invoiceId ? [{ invoiceId, amountMinor: parse(a.amount, cur).amountMinor }] : [];
  });
  const draft = { clientId: client.id, currency: cur, amountMinor: parse(input.amount, cur).amountMinor, allocations };
  const action: ActionOf<'invoice.record_payment'> = {
    type: 'invoice.record_payment',
    target: { kind: 'client', id: client.id },
    args: {
      bankReference: input.bankReference,
      amount: money(draft.amountMinor, cur),
      receivedOn: input.receivedOn,
      method: input.method,
      legalEntity: entity.code,
      allocations: allocations.map((a) => ({ invoiceId: a.invoiceId, amount: money(a.amountMinor, cur) })),
    },
  };
  // The receiving entity's action: the recorder must have it in scope, whatever the client's entity is now.
  const facts = { entityId: entity.id };
  // Policy first: a caller outside the receiving entity learns nothing about its invoices.
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, action, facts);
  if (!denied.ok) return denied;
  const mixed = refuseMixedEntities(ctx.actor, entity, (ref) => ids.has(ref));
  if (!mixed.ok) return mixed;
  const unknown = input.allocations.filter((a) => !ids.has(a.invoice)).map((a) => a.invoice);
  if (unknown.length)
    return err({
      code: 'UNKNOWN_INVOICE',
      message: `no invoice ${unknown.join(', ')} of legal entity ${entity.code}`,
      invoices: unknown,
    });
  // A day's slack for time zones: the payer's "today" may be ours tomorrow.
  if (input.receivedOn > addDays(ctx.now.toISOString().slice(0, 10), 1)) {
    return err({
      code: 'RECEIVED_IN_FUTURE',
      message: `a payment cannot be received on ${input.receivedOn}, which is in the future`,
      receivedOn: input.receivedOn,
    });
  }
  const identity: PaymentIdentity = { ...draft, receivedOn: input.receivedOn, method: input.method };

  return database.db.transaction(async (tx) => {
    const balances = await lockInvoiceBalances(
      tx,
      allocations.map((a) => a.invoiceId),
    );
    const earlier = await paymentByReference(tx, entity.id, input.bankReference);
    if (earlier) return replay(tx, earlier, identity, balances);
    const gate = await passGate(tx, ctx, action, facts);
    if (!gate.ok) return gate;
    const plan = planPayment(draft, balances);
    if (!plan.ok) return plan;
    const principal = ctx.actor.onBehalfOf?.userId ?? null;
    // The receiving entity's payment: its bank reference, its receivable, its ledger, whatever the client's entity is now.
    const payment = await insertPayment(tx, {
      legalEntityId: entity.id,
      clientId: client.id,
      currency: cur,
      amountMinor: draft.amountMinor,
      receivedOn: input.receivedOn,
      method: input.method,
      bankReference: input.bankReference,
      note: input.note ?? null,
      recordedBy: ctx.actor.userId,
      recordedFor: principal,
      createdAt: ctx.now,
    });
    // Another request took the reference between our look-up and insert (it touched other invoices, so no lock ordered us).
    if (!payment)
      return replay(tx, (await paymentByReference(tx, entity.id, input.bankReference))!, identity, balances);
    await insertAllocations(tx, payment.id, allocations, ctx.now);
    await setEffectStatuses(tx, plan.value.effects, `payment ${input.bankReference}`, ctx.now);
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'payment',
        targetId: payment.id,
        before: { invoices: plan.value.effects.map(effectBefore) },
        after: {
          payment: paymentSnapshot(payment),
          unappliedMinor: plan.value.unappliedMinor,
          invoices: plan.value.effects.map(effectAfter),
        },
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: input.note ?? null,
      }),
    );
    return ok(
      result(
        payment,
        plan.value.appliedMinor,
        false,
        plan.value.effects.map((e) => effectView(e, cur)),
      ),
    );
  });
}

/**
 * The same bank reference again: the first payment when it is the same one, else a conflict. Writes
 * nothing. The same payment pays the same invoices, so `balances` (read under their locks) covers them.
 */
async function replay(
  db: DbOrTx,
  earlier: PaymentRow,
  identity: PaymentIdentity,
  balances: ReadonlyMap<string, InvoiceBalanceFacts>,
): Promise<Result<RecordPaymentResult, RecordPaymentError>> {
  const allocs = await allocationsOf(db, earlier.id);
  // The payment as recorded: cash applied since (POST /payments/{id}/apply) does not make a retry another payment.
  const recorded = allocs.filter((a) => a.recordedMinor > 0n);
  const stored: PaymentIdentity = {
    clientId: earlier.clientId,
    currency: earlier.currency,
    amountMinor: earlier.amountMinor,
    receivedOn: earlier.receivedOn,
    method: earlier.method,
    allocations: recorded.map((a) => ({ invoiceId: a.invoiceId, amountMinor: a.recordedMinor })),
  };
  if (!samePayment(stored, identity)) {
    return err({
      code: 'PAYMENT_REFERENCE_CONFLICT',
      message: `bank reference ${earlier.bankReference} is already recorded for another payment`,
      paymentId: earlier.id,
      bankReference: earlier.bankReference,
    });
  }
  const applied = allocs.reduce((s, a) => s + a.amountMinor, 0n);
  return ok(
    result(
      earlier,
      applied,
      true,
      recorded.map((a) => current(a.invoiceId, a.amountMinor, balances.get(a.invoiceId)!)),
    ),
  );
}

/** An invoice a payment moved, as the audit row records it before and after, and as the answer shows it. */
export const effectBefore = (e: InvoiceEffect) => ({
  invoiceId: e.invoiceId,
  status: e.statusBefore,
  openBalanceMinor: e.balanceBeforeMinor,
});
export const effectAfter = (e: InvoiceEffect) => ({
  invoiceId: e.invoiceId,
  allocatedMinor: e.amountMinor,
  status: e.statusAfter,
  openBalanceMinor: e.balanceAfterMinor,
});
export const effectView = (e: InvoiceEffect, currency: string): PaymentInvoiceView => ({
  invoiceId: e.invoiceId,
  allocated: moneyView(e.amountMinor, currency),
  openBalance: moneyView(e.balanceAfterMinor, currency),
  status: e.statusAfter,
});

const current = (invoiceId: string, allocatedMinor: bigint, f: InvoiceBalanceFacts): PaymentInvoiceView => ({
  invoiceId,
  allocated: moneyView(allocatedMinor, f.currency),
  openBalance: moneyView(openBalance(f), f.currency),
  status: f.status,
});

function result(
  p: PaymentRow,
  appliedMinor: bigint,
  replayed: boolean,
  invoices: PaymentInvoiceView[],
): RecordPaymentResult {
  return {
    paymentId: p.id,
    bankReference: p.bankReference,
    status: p.status,
    amount: moneyView(p.amountMinor, p.currency),
    applied: moneyView(appliedMinor, p.currency),
    unapplied: moneyView(p.amountMinor - appliedMinor, p.currency),
    replayed,
    invoices,
  };
}

/** What the audit trail records about a payment: plain data, no Date objects. */
export function paymentSnapshot(p: PaymentRow) {
  return {
    id: p.id,
    legalEntityId: p.legalEntityId,
    clientId: p.clientId,
    currency: p.currency,
    amountMinor: p.amountMinor,
    receivedOn: p.receivedOn,
    method: p.method,
    bankReference: p.bankReference,
    status: p.status,
    recordedBy: p.recordedBy,
    recordedFor: p.recordedFor,
    reversedBy: p.reversedBy,
    reversalReason: p.reversalReason,
  };
}

const paymentInvoiceViewSchema = z.object({
  invoiceId: z.string(),
  allocated: moneyViewSchema,
  openBalance: moneyViewSchema,
  status: z.string(),
});

export const recordPaymentOutputSchema = z
  .object({
    paymentId: z.string(),
    bankReference: z.string(),
    status: z.enum(['recorded', 'reversed']),
    amount: moneyViewSchema,
    applied: moneyViewSchema,
    unapplied: moneyViewSchema,
    replayed: z
      .boolean()
      .describe('True when the bank reference was recorded before with the same payment: nothing new happened'),
    invoices: z.array(paymentInvoiceViewSchema),
  })
  .describe('The payment and its effect on each invoice');

export const paymentsRecord = defineTool({
  name: 'payments_record',
  description:
    'Records cash received from a client and applies it to posted invoices of that client, each at most its open balance; ' +
    'the rest stays on the client as unapplied cash. The payment belongs to the legal entity that received it (legalEntity; by default the one ' +
    "that issued the invoices it pays, else the client's) and pays only that entity's invoices. The bank reference is the payment's identity in its legal entity: the same payment " +
    'again replays the first, another payment under it is refused. Collectors and finance admins; never the agent.',
  input: recordPaymentSchema,
  output: recordPaymentOutputSchema,
  risk: 'write',
  policyAction: 'invoice.record_payment',
  handler: (ctx, input) => recordPayment(ctx, ctx, input),
});
