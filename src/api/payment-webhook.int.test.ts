import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';
import { queryRows, type Database } from '../db/client.ts';
import { auditLog, invoices, payments } from '../db/schema/index.ts';
import { verifyAudit } from '../db/stores/audit-store.ts';
import { signatureHeader, verifyWebhookSignature, webhookSignature } from '../shared/webhook-signature.ts';
import { createApp } from './app.ts';

const SECRET = 'whsec_test_0123456789abcdef';

/** POST /webhooks/payments: signed by the provider, recorded as service:payment-webhook, once per event. */
describe(`the payment webhook on ${backend}`, () => {
  let database: Database;
  let t: FirmTargets;
  let total = 0n;
  const now = new Date('2026-11-20T10:00:00Z');
  const nowS = Math.floor(now.getTime() / 1000);
  let app: ReturnType<typeof createApp>;
  const event = (id: string, amount: number, invoice = 'A-000901', type = 'payment_intent.succeeded') => ({
    id,
    type,
    created: nowS - 60,
    data: { object: { id: `pi_${id}`, amount, currency: 'usd', metadata: { invoice } } },
  });
  const send = async (body: string, signature: string | null) => {
    const res = await app.request('/webhooks/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'payments-signature': signature } : {}) },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const signed = (e: unknown, at = nowS) => {
    const body = JSON.stringify(e);
    return send(body, signatureHeader(SECRET, at, body));
  };
  const paymentCount = async () =>
    Number(
      (
        await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM payments WHERE bank_reference LIKE 'psp:%'`,
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await loadTwoEntityFirm(database);
    app = createApp({ database, log: () => {}, now: () => now, paymentsWebhookSecret: SECRET });
    const [row] = await database.db
      .update(invoices)
      .set({
        status: 'delivered',
        number: 'A-000901',
        deliveredAt: now,
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
      })
      .where(eq(invoices.id, t.invoiceA))
      .returning();
    total = row!.totalMinor;
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('refuses a bad, missing or stale signature with 401 and writes nothing', async () => {
    const body = JSON.stringify(event('evt_bad', 1000));
    const auditBefore = (await database.db.select().from(auditLog)).length;
    const cases = [
      null,
      `t=${nowS},v1=${'0'.repeat(64)}`,
      signatureHeader('another-secret-0123456789', nowS, body),
      signatureHeader(SECRET, nowS - 301, body),
      signatureHeader(SECRET, nowS, `${body} `),
    ];
    for (const sig of cases) {
      const res = await send(body, sig);
      expect(res.status, String(sig)).toBe(401);
      expect(res.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    expect(await paymentCount()).toBe(0);
    expect((await database.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it('records a signed payment as service:payment-webhook, applied to the invoice in its metadata', async () => {
    const res = await signed(event('evt_1', 25_000));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      eventId: 'evt_1',
      handled: true,
      invoice: 'A-000901',
      replayed: false,
      applied: '250.00',
      unapplied: '0.00',
    });
    const [p] = await database.db.select().from(payments).where(eq(payments.bankReference, 'psp:evt_1'));
    expect(p).toMatchObject({
      recordedBy: 'service:payment-webhook',
      amountMinor: 25_000n,
      method: 'card',
      receivedOn: '2026-11-20',
    });
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, t.invoiceA));
    expect(inv!.status).toBe('partially_paid');
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, p!.id));
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([['invoice.record_payment', 'service:payment-webhook']]);
  });

  it('replays a retried event (same id, any later signature): no second payment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 299 }), async (age) => {
        const res = await signed(event('evt_1', 25_000), nowS - age);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ eventId: 'evt_1', replayed: true, paymentId: expect.any(String) });
      }),
      { numRuns: 5 },
    );
    expect(await paymentCount()).toBe(1);
  });

  it('applies at most the open balance and keeps the rest unapplied; ignores other event types', async () => {
    const open = total - 25_000n;
    const res = await signed(event('evt_2', Number(open + 1_000n)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replayed: false, unapplied: '10.00' });
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, t.invoiceA));
    expect(inv!.status).toBe('paid');
    const ignored = await signed(event('evt_3', 500, 'A-000901', 'customer.created'));
    expect(ignored).toEqual({ status: 200, body: expect.objectContaining({ handled: false, paymentId: null }) });
    expect(await paymentCount()).toBe(2);
  });

  it('answers 422 for an unknown invoice or a malformed event, and 404 when no secret is configured', async () => {
    const unknown = await signed(event('evt_4', 100, 'NOPE-1'));
    expect(unknown).toMatchObject({ status: 422, body: { code: 'UNKNOWN_INVOICE' } });
    const malformed = await signed({
      id: 'evt_5',
      type: 'payment.succeeded',
      created: nowS,
      data: { object: { amount: 1.5 } },
    });
    expect(malformed).toMatchObject({ status: 422, body: { code: 'WEBHOOK_EVENT_INVALID' } });
    const off = createApp({ database, log: () => {}, now: () => now });
    const res = await off.request('/webhooks/payments', { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('WEBHOOK_NOT_CONFIGURED');
    expect(await paymentCount()).toBe(2);
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts exactly the signature of the body at a timestamp within five minutes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: -300, max: 300 }), (body, skew) => {
        const t = 1_796_461_200;
        expect(verifyWebhookSignature(signatureHeader(SECRET, t, body), body, SECRET, t + skew)).toEqual({
          ok: true,
          timestamp: t,
        });
        expect(verifyWebhookSignature(signatureHeader(SECRET, t, body), `${body}x`, SECRET, t).ok).toBe(false);
      }),
    );
    expect(verifyWebhookSignature(signatureHeader(SECRET, 100, '{}'), '{}', SECRET, 401).ok).toBe(false);
    // A provider rolling its secret sends two v1 values: either may match.
    const two = `t=100,v1=${webhookSignature('old-secret-0123456789', 100, '{}')},v1=${webhookSignature(SECRET, 100, '{}')}`;
    expect(verifyWebhookSignature(two, '{}', SECRET, 100).ok).toBe(true);
  });
});
