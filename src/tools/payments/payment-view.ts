import { z } from 'zod';
import type { listPayments } from '../../db/stores/payment-store.ts';
import { moneyView } from '../../shared/money.ts';
import { moneyViewSchema } from '../schemas.ts';

/** Who reads payments: those who collect, bill, own the client or the books, audit; the agent for them. Not project managers. */
export const PAYMENT_READERS = [
  'billing_clerk',
  'controller',
  'collector',
  'account_manager',
  'finance_admin',
  'auditor',
  'agent',
] as const;

type PaymentListRow = Awaited<ReturnType<typeof listPayments>>['rows'][number];

export const paymentViewSchema = z
  .object({
    id: z.string(),
    legalEntity: z.string(),
    client: z.object({ code: z.string(), name: z.string() }),
    bankReference: z.string(),
    method: z.string(),
    receivedOn: z.string(),
    status: z.enum(['recorded', 'reversed']),
    amount: moneyViewSchema,
    applied: moneyViewSchema,
    unapplied: moneyViewSchema.describe('Cash still on the client, not applied to any invoice (0 once reversed)'),
    note: z.string().nullable(),
    recordedBy: z.string(),
    recordedFor: z.string().nullable(),
    createdAt: z.string(),
    reversal: z.object({ at: z.string(), by: z.string().nullable(), reason: z.string().nullable() }).nullable(),
  })
  .describe('A payment');

/** A payment at the boundary: amounts as decimal strings, what is applied and what is left on the client. */
export function paymentView(
  r: Pick<PaymentListRow, 'payment' | 'clientCode' | 'clientName' | 'entityCode' | 'applied'>,
): z.output<typeof paymentViewSchema> {
  const p = r.payment;
  const applied = BigInt(r.applied);
  return {
    id: p.id,
    legalEntity: r.entityCode,
    client: { code: r.clientCode, name: r.clientName },
    bankReference: p.bankReference,
    method: p.method,
    receivedOn: p.receivedOn,
    status: p.status,
    amount: moneyView(p.amountMinor, p.currency),
    applied: moneyView(applied, p.currency),
    unapplied: moneyView(p.status === 'reversed' ? 0n : p.amountMinor - applied, p.currency),
    note: p.note,
    recordedBy: p.recordedBy,
    recordedFor: p.recordedFor,
    createdAt: p.createdAt.toISOString(),
    reversal: p.reversedAt ? { at: p.reversedAt.toISOString(), by: p.reversedBy, reason: p.reversalReason } : null,
  };
}
