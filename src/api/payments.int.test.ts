import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { invoices } from '../db/schema/index.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
type Role = keyof TestUsers['key'];

/** Payments and disputes over HTTP, on entity A's invoice once it is delivered (set directly: the lifecycle has its own tests). */
describe(`payments and disputes over HTTP on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  let t: FirmTargets;
  let total = 0n;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
    const [row] = await database.db
      .update(invoices)
      .set({
        status: 'delivered',
        number: 'A-000900',
        deliveredAt: new Date(),
        issueDate: '2026-11-01',
        dueDate: '2026-12-01',
      })
      .where(eq(invoices.id, t.invoiceA))
      .returning();
    total = row!.totalMinor;
  });
  afterAll(async () => database?.close());

  const post = (role: Role, path: string, body: unknown = {}) =>
    call<Body>(app, 'POST', path, { key: users.key[role], body });
  const get = <T = Body>(role: Role, path: string) => call<T>(app, 'GET', path, { key: users.key[role] });
  const usd = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
  const payment = (ref: string, amountMinor: bigint, allocatedMinor: bigint) => ({
    client: 'CL-A',
    amount: usd(amountMinor),
    currency: 'USD',
    receivedOn: '2026-11-20',
    method: 'bank_transfer',
    bankReference: ref,
    allocations: allocatedMinor > 0n ? [{ invoice: 'A-000900', amount: usd(allocatedMinor) }] : [],
  });

  it('shows a delivered invoice with its whole total open and collectible', async () => {
    const res = await get('collector', '/invoices/A-000900');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'delivered',
      collectible: true,
      dispute: null,
      balance: {
        credited: { amount: '0.00' },
        paid: { amount: '0.00' },
        open: { amount: usd(total), currency: 'USD' },
      },
    });
  });

  it('records a partial payment (201), replays it for the same bank reference (200) and refuses another payment under it (409)', async () => {
    const body = payment('HTTP-1', 100_00n, 100_00n);
    const first = await post('collector', '/payments', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      replayed: false,
      invoices: [{ status: 'partially_paid', openBalance: { amount: usd(total - 100_00n) } }],
    });
    const again = await post('finance_admin', '/payments', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ paymentId: first.body.paymentId, replayed: true });
    const other = await post('collector', '/payments', { ...body, amount: '99.00', allocations: [] });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({
      code: 'PAYMENT_REFERENCE_CONFLICT',
      details: { paymentId: first.body.paymentId },
    });
    const inv = await get('collector', `/invoices/${t.invoiceA}`);
    expect(inv.body).toMatchObject({
      status: 'partially_paid',
      balance: { paid: { amount: '100.00' }, open: { amount: usd(total - 100_00n) } },
    });
  });

  it('refuses an overpayment with 422 naming the open balance', async () => {
    const res = await post('collector', '/payments', payment('HTTP-2', total, total));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'OVERPAYMENT',
      details: { openBalance: { amount: usd(total - 100_00n), currency: 'USD' } },
    });
  });

  it('refuses to record the delivery of the partially paid invoice again (409 ALREADY_DELIVERED), leaving it as it was', async () => {
    const res = await post('billing_clerk', '/invoices/A-000900/deliver');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'ALREADY_DELIVERED',
      details: { invoiceId: t.invoiceA, deliveredAt: expect.any(String) },
    });
    expect((await get('collector', '/invoices/A-000900')).body).toMatchObject({ status: 'partially_paid' });
  });

  it('marks the invoice disputed, which the invoice view shows as not collectible', async () => {
    const res = await post('account_manager', '/invoices/A-000900/dispute', {
      reason: 'hours on 6 Oct not agreed',
      disputedAmount: '50.00',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const inv = await get('collector', '/invoices/A-000900');
    expect(inv.body).toMatchObject({
      status: 'disputed',
      collectible: false,
      dispute: {
        reason: 'hours on 6 Oct not agreed',
        disputedAmount: { amount: '50.00', currency: 'USD' },
        openedBy: users.ids[users.email('account_manager')],
      },
    });
    expect(await get('collector', '/invoices?status=disputed&legalEntity=LE-A')).toMatchObject({
      body: { page: { total: 1 } },
    });
  });

  it('refuses the dispute resolution to a collector (403) and lets a controller reject it, back to partially paid', async () => {
    expect(
      (
        await post('collector', '/invoices/A-000900/resolve-dispute', {
          resolution: 'rejected',
          note: 'signed timesheets',
        })
      ).status,
    ).toBe(403);
    const res = await post('controller', '/invoices/A-000900/resolve-dispute', {
      resolution: 'rejected',
      note: 'signed timesheets',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ resolution: 'rejected', status: 'partially_paid', nextStep: null });
    expect((await get('collector', '/invoices/A-000900')).body).toMatchObject({ dispute: null, collectible: true });
    const again = await post('controller', '/invoices/A-000900/resolve-dispute', {
      resolution: 'rejected',
      note: 'again',
    });
    expect(again.status).toBe(409);
  });

  it('settles the invoice, lists payments with filters and shows one with its allocations', async () => {
    const res = await post('collector', '/payments', payment('HTTP-3', total, total - 100_00n));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      invoices: [{ status: 'paid', openBalance: { amount: '0.00' } }],
      unapplied: { amount: '100.00' },
    });
    const list = await get<{
      items: { bankReference: string; unapplied: { amount: string } }[];
      page: { total: number };
    }>('auditor', '/payments?client=CL-A&limit=10');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p) => p.bankReference).sort()).toEqual(['FIXTURE-A-1', 'HTTP-1', 'HTTP-3']);
    const unapplied = await get<{ items: { bankReference: string }[] }>('collector', '/payments?unapplied=true');
    expect(unapplied.body.items.map((p) => p.bankReference).sort()).toEqual(['FIXTURE-A-1', 'HTTP-3']);
    const byInvoice = await get<{ items: { bankReference: string }[] }>('collector', '/payments?invoice=A-000900');
    expect(byInvoice.body.items.map((p) => p.bankReference).sort()).toEqual(['HTTP-1', 'HTTP-3']);
    // An invoice that does not exist and one outside the caller's entities answer alike: an empty page, never which.
    const none = await get<{ items: unknown[]; page: { total: number } }>('collector', '/payments?invoice=A-999999');
    const elsewhere = await call<{ items: unknown[]; page: { total: number } }>(
      app,
      'GET',
      '/payments?invoice=A-000900',
      { key: users.scopedKey.collector },
    );
    expect([none.status, none.body.items, elsewhere.status, elsewhere.body.items]).toEqual([200, [], 200, []]);
    const one = await get('controller', `/payments/${res.body.paymentId}`);
    expect(one.body).toMatchObject({
      bankReference: 'HTTP-3',
      status: 'recorded',
      allocations: [{ invoiceNumber: 'A-000900', invoiceStatus: 'paid', amount: { amount: usd(total - 100_00n) } }],
    });
    expect((await get('collector', '/invoices/A-000900')).body).toMatchObject({
      status: 'paid',
      collectible: false,
      balance: { open: { amount: '0.00' } },
    });
  });

  it('reverses a bounced payment (the invoice owes it again), refuses it twice, and 404s an unknown payment', async () => {
    const paid = await get<{ items: { id: string; bankReference: string }[] }>(
      'collector',
      '/payments?invoice=A-000900',
    );
    const id = paid.body.items.find((p) => p.bankReference === 'HTTP-3')!.id;
    const res = await post('finance_admin', `/payments/${id}/reverse`, { reason: 'returned by the bank' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'reversed',
      invoices: [{ status: 'partially_paid', openBalance: { amount: usd(total - 100_00n) } }],
    });
    expect(await post('finance_admin', `/payments/${id}/reverse`, { reason: 'again' })).toMatchObject({
      status: 409,
      body: { code: 'PAYMENT_ALREADY_REVERSED' },
    });
    expect(
      await post('finance_admin', '/payments/00000000-0000-4000-8000-000000000000/reverse', { reason: 'x' }),
    ).toMatchObject({ status: 404, body: { code: 'PAYMENT_NOT_FOUND' } });
    expect((await get('collector', `/payments/${id}`)).body).toMatchObject({
      status: 'reversed',
      unapplied: { amount: '0.00' },
      reversal: { reason: 'returned by the bank' },
    });
  });

  it("applies cash received on account to the invoice later: 422 beyond what is unapplied, 403 outside the caller's entities, 409 once all is applied", async () => {
    const cash = await post('collector', '/payments', payment('HTTP-4', 50_00n, 0n));
    expect(cash.status, JSON.stringify(cash.body)).toBe(201);
    const id = cash.body.paymentId as string;
    const more = await post('collector', `/payments/${id}/apply`, {
      allocations: [{ invoice: 'A-000900', amount: '50.01' }],
    });
    expect(more).toMatchObject({
      status: 422,
      body: { code: 'EXCEEDS_UNAPPLIED', details: { unapplied: { amount: '50.00' } } },
    });
    const scoped = await call<Body>(app, 'POST', `/payments/${id}/apply`, {
      key: users.scopedKey.collector,
      body: { allocations: [{ invoice: 'A-000900', amount: '50.00' }] },
    });
    expect(scoped).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
    const res = await post('collector', `/payments/${id}/apply`, {
      allocations: [{ invoice: 'A-000900', amount: '50.00' }],
      note: 'remittance names A-000900',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      appliedNow: { amount: '50.00' },
      unapplied: { amount: '0.00' },
      invoices: [{ status: 'partially_paid', openBalance: { amount: usd(total - 150_00n) } }],
    });
    expect((await get('collector', `/payments/${id}`)).body).toMatchObject({
      unapplied: { amount: '0.00' },
      allocations: [{ invoiceNumber: 'A-000900', amount: { amount: '50.00' } }],
    });
    expect(
      await post('collector', `/payments/${id}/apply`, { allocations: [{ invoice: 'A-000900', amount: '1.00' }] }),
    ).toMatchObject({ status: 409, body: { code: 'NO_UNAPPLIED_CASH' } });
    expect(await post('collector', `/payments/${id}/apply`, { allocations: [] })).toMatchObject({ status: 400 });
  });

  it('keeps payments from project managers and refuses the agent recording one even for a collector', async () => {
    expect((await get('project_manager', '/payments')).status).toBe(403);
    const res = await call<Body>(app, 'POST', '/payments', {
      key: users.key.agent,
      headers: { 'x-on-behalf-of': users.email('collector') },
      body: payment('HTTP-AGENT', 100n, 0n),
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('maps Idempotency-Key onto the catalogue call: a retried apply replays its first answer and applies once; another body under the key is 422', async () => {
    const cash = await post('collector', '/payments', payment('HTTP-IDEM', 30_00n, 0n));
    expect(cash.status, JSON.stringify(cash.body)).toBe(201);
    const id = cash.body.paymentId as string;
    const apply = (amount: string, key: string) =>
      call<Body>(app, 'POST', `/payments/${id}/apply`, {
        key: users.key.collector,
        body: { allocations: [{ invoice: 'A-000900', amount }] },
        headers: { 'idempotency-key': key },
      });
    const first = await apply('10.00', 'http-idem-1');
    const again = await apply('10.00', 'http-idem-1');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await get('collector', `/payments/${id}`)).body).toMatchObject({ unapplied: { amount: '20.00' } });
    expect(await apply('11.00', 'http-idem-1')).toMatchObject({
      status: 422,
      body: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect(await apply('11.00', ' bad key')).toMatchObject({ status: 400, body: { code: 'INVALID_IDEMPOTENCY_KEY' } });
    expect((await get('collector', `/payments/${id}`)).body).toMatchObject({ unapplied: { amount: '20.00' } });
  });
});
