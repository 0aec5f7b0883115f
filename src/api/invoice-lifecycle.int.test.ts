import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { auditLog, invoices } from '../db/schema/index.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };

describe(`the invoice lifecycle over HTTP on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  let targets: FirmTargets;
  let invoiceB = '';

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 20 });
    targets = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
    const [inv] = await database.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.legalEntityId, targets.entityB));
    invoiceB = inv!.id;
  });
  afterAll(async () => database?.close());

  const post = (role: keyof TestUsers['key'], path: string, body: unknown = {}) =>
    call<Body>(app, 'POST', path, { key: users.key[role], body });

  it('refuses approving a draft with 409 INVALID_TRANSITION', async () => {
    const res = await post('controller', `/invoices/${invoiceB}/approve`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INVALID_TRANSITION');
  });

  it('submits a draft, and the submitter may not approve it (403 SOD_VIOLATION)', async () => {
    const submitted = await post('controller', `/invoices/${invoiceB}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'pending_approval' });
    const own = await post('controller', `/invoices/${invoiceB}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('SOD_VIOLATION');
  });

  it("shows the pending invoice in an approver's inbox with the reason", async () => {
    const res = await call<{ items: { kind: string; invoiceId?: string; reason: string }[] }>(
      app,
      'GET',
      '/approvals/inbox',
      { key: users.key.finance_admin },
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'invoice_approval', invoiceId: invoiceB })]),
    );
  });

  it('approves it exactly once when 100 approvals arrive at once; the rest are refused with a 4xx, none with a 5xx', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => post('finance_admin', `/invoices/${invoiceB}/approve`)),
    );
    const approved = replies.filter((r) => r.status === 200 && r.body.outcome === 'approved');
    expect(approved).toHaveLength(1);
    for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    const [row] = await database.db.select().from(invoices).where(eq(invoices.id, invoiceB));
    expect(row!.status).toBe('approved');
    expect(row!.number).toMatch(/^B-/);
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.action, 'invoice.approve'));
    expect(audited.filter((a) => a.targetId === invoiceB)).toHaveLength(1);
  });

  it('posts it, then asks for approval before a credit note (409 APPROVAL_REQUIRED with the request), and credits once approved', async () => {
    expect((await post('billing_clerk', `/invoices/${invoiceB}/post`)).status).toBe(200);
    const asked = await post('billing_clerk', `/invoices/${invoiceB}/credit-notes`, { reason: 'goodwill' });
    expect(asked.status).toBe(409);
    expect(asked.body.code).toBe('APPROVAL_REQUIRED');
    const requestId = asked.body.details!.requestId as string;
    const granted = await post('controller', `/approvals/${requestId}/grant`);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const again = await post('billing_clerk', `/invoices/${invoiceB}/credit-notes`, { reason: 'goodwill' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ status: 'approved', creditsInvoiceId: invoiceB });
  });

  it('answers 404 for an unknown invoice reference and 400 when a required field is missing', async () => {
    expect((await post('controller', '/invoices/NOPE-1/submit')).status).toBe(404);
    const res = await post('controller', `/invoices/${targets.invoiceA}/reject`, {});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('resolves an exception with a resolution code, and a second resolution is 409', async () => {
    const body = { resolutionCode: 'approved_as_is', note: 'time confirmed by the PM' };
    const first = await post('billing_clerk', `/exceptions/${targets.exceptionA}/resolve`, body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await post('billing_clerk', `/exceptions/${targets.exceptionA}/resolve`, body);
    expect(again.status).toBe(409);
  });

  it("reports KPIs for the caller's entities", async () => {
    const res = await call<Body>(app, 'GET', '/kpis', { key: users.key.controller });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ billingCycleTime: { invoices: 1 }, firstPassAccuracy: { approved: 1 } });
  });
});
