import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openBalance } from '../../billing/payments/balance.ts';
import { queryRows } from '../../db/client.ts';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import { invoiceBalances, paymentByReference } from '../../db/stores/payment-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { format, money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { callTool } from '../call-tool.ts';
import type { DomainError, ToolCaller, ToolDeps } from '../define-tool.ts';
import { paymentsRecord } from './record-payment.ts';

/** Event types that report money received; anything else is acknowledged and ignored. */
export const PAYMENT_SUCCEEDED_TYPES = ['payment.succeeded', 'payment_intent.succeeded', 'charge.succeeded'] as const;

/**
 * A payment provider's event, in Stripe's shape: the amount in minor units (an integer, never a
 * float), the currency, and the invoice it pays in metadata.invoice (number or id).
 */
export const paymentWebhookEventSchema = z.object({
  id: z
    .string()
    .regex(/^[\x21-\x7e]{1,120}$/, 'printable, at most 120 characters')
    .describe("The provider's event id: the same id again replays the first answer"),
  type: z.string().min(1).max(100).describe('e.g. payment_intent.succeeded'),
  created: z.number().int().positive().describe('Unix seconds: the day the cash was received'),
  data: z.object({
    object: z.object({
      id: z.string().min(1).max(200).describe("The provider's payment id"),
      amount: z
        .number()
        .int()
        .positive()
        .refine(Number.isSafeInteger, 'a safe integer')
        .describe('Minor units, e.g. 125000 for 1250.00 USD'),
      currency: z
        .string()
        .transform((s) => s.toUpperCase())
        .refine(isKnownCurrency, 'an ISO 4217 currency code this system knows'),
      metadata: z.object({ invoice: z.string().trim().min(1).max(100) }),
    }),
  }),
});
export type PaymentWebhookEvent = z.output<typeof paymentWebhookEventSchema>;

export interface WebhookOutcome {
  eventId: string;
  handled: boolean;
  paymentId: string | null;
  invoice: string | null;
  /** True when the event was recorded before: nothing new happened. */
  replayed: boolean;
  applied: string | null;
  unapplied: string | null;
  currency: string | null;
}

/** The bank reference a provider's event is recorded under: its identity in the legal entity. */
export const webhookReference = (eventId: string): string => `psp:${eventId}`;

/**
 * Records the payment a verified webhook event reports, as service:payment-webhook through
 * payments_record: applied to the invoice its metadata names (at most its open balance; the rest
 * stays unapplied on the client), under the bank reference `psp:<event id>`, in the legal entity that issued the
 * invoice (its account is the one the invoice printed, even when the client has moved since). The same event again
 * (a provider's retry) finds its payment and records nothing. An event of another type is ignored.
 */
export async function recordWebhookPayment(
  deps: ToolDeps,
  event: PaymentWebhookEvent,
  now: Date,
): Promise<Result<WebhookOutcome, DomainError>> {
  const none = { paymentId: null, invoice: null, replayed: false, applied: null, unapplied: null, currency: null };
  if (!(PAYMENT_SUCCEEDED_TYPES as readonly string[]).includes(event.type))
    return ok({ eventId: event.id, handled: false, ...none });
  const db = deps.database.db;
  const o = event.data.object;
  const invoiceId = await findInvoiceId(db, o.metadata.invoice);
  const [inv] = invoiceId
    ? await queryRows<{
        number: string | null;
        code: string;
        legal_entity_id: string;
        entity_code: string;
        currency: string;
      }>(
        db,
        sql`SELECT i.number, c.code, i.legal_entity_id, e.code AS entity_code, i.currency FROM invoices i
          JOIN clients c ON c.id = i.client_id JOIN legal_entities e ON e.id = i.legal_entity_id WHERE i.id = ${invoiceId}::uuid`,
      )
    : [];
  if (!invoiceId || !inv?.number)
    return err({
      code: 'UNKNOWN_INVOICE',
      message: `metadata.invoice "${o.metadata.invoice}" names no issued invoice`,
    });
  const reference = webhookReference(event.id);
  const earlier = await paymentByReference(db, inv.legal_entity_id, reference);
  if (earlier)
    return ok({
      eventId: event.id,
      handled: true,
      paymentId: earlier.id,
      invoice: inv.number,
      replayed: true,
      applied: null,
      unapplied: null,
      currency: earlier.currency,
    });
  const amountMinor = BigInt(o.amount);
  const facts = (await invoiceBalances(db, [invoiceId])).get(invoiceId);
  const open = facts && facts.currency === o.currency ? openBalance(facts) : 0n;
  const allocate = amountMinor < open ? amountMinor : open > 0n ? open : 0n;
  const svc: ToolCaller = {
    actor: serviceActor('payment-webhook'),
    correlationId: `webhook:${event.id}`,
    now,
    deps,
    via: 'webhook',
  };
  const r = await callTool(
    svc,
    paymentsRecord,
    {
      client: inv.code,
      // The invoice's issuer received the cash, even when the client has moved to another entity since.
      legalEntity: inv.entity_code,
      amount: format(money(amountMinor, o.currency)),
      currency: o.currency,
      receivedOn: new Date(event.created * 1000).toISOString().slice(0, 10),
      method: 'card',
      bankReference: reference,
      note: `payment provider payment ${o.id}, event ${event.id} (${event.type})`,
      allocations: allocate > 0n ? [{ invoice: inv.number, amount: format(money(allocate, o.currency)) }] : [],
    },
    { idempotencyKey: `webhook:${event.id}` },
  );
  if (!r.ok) return err({ code: r.error.code, message: r.error.message });
  return ok({
    eventId: event.id,
    handled: true,
    paymentId: r.value.paymentId,
    invoice: inv.number,
    replayed: r.value.replayed,
    applied: r.value.applied.amount,
    unapplied: r.value.unapplied.amount,
    currency: o.currency,
  });
}
