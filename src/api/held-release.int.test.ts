import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { approvalRequests, auditLog, billingExceptions, invoices } from '../db/schema/index.ts';
import { verifyAudit } from '../db/stores/audit-store.ts';
import { backend } from '../../test/helpers/db.ts';
import { heldReleaseFirm } from '../../test/helpers/held-release.ts';
import { call, type App, type TestUsers } from '../../test/helpers/api.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };

/**
 * The small firm with a 1,000.00 USD not-to-exceed cap and 100 h of Ana at 140.00 in 2026-10: the
 * draft bills 999.60 and holds 13,000.40 behind a cap_exceeded exception the account manager owns.
 */
describe(`releasing held money over HTTP on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  beforeAll(async () => {
    ({ database, users, app } = await heldReleaseFirm());
  });
  afterAll(async () => {
    expect((await verifyAudit(database.db)).ok).toBe(true);
    await database.close();
  });

  const post = (role: keyof TestUsers['key'], path: string, body: unknown = {}) =>
    call<Body>(app, 'POST', path, { key: users.key[role], body });
  const capException = async () =>
    (await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'cap_exceeded')))[0]!;
  const draft = async () => (await database.db.select().from(invoices))[0]!;
  const release = { resolutionCode: 'approved_as_is', note: 'the client agreed to the overrun' };
  const id = (role: string) => users.ids[users.email(role as keyof TestUsers['key'])]!;

  it("starts from a draft that bills 999.60 and holds 13,000.40 behind the account manager's exception", async () => {
    expect(await draft()).toMatchObject({ totalMinor: 99_960n, heldMinor: 1_300_040n });
    expect(await capException()).toMatchObject({ ownerRole: 'account_manager', status: 'open' });
  });

  it("answers a clerk's release 409 APPROVAL_REQUIRED (the owner, then a controller over 10000.00) and releases nothing", async () => {
    const cap = await capException();
    const res = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    expect(res).toMatchObject({
      status: 409,
      body: {
        code: 'APPROVAL_REQUIRED',
        details: {
          requestId: expect.any(String),
          steps: [
            { level: 1, role: 'account_manager' },
            { level: 2, role: 'controller' },
          ],
        },
      },
    });
    const steps = res.body.details!.steps as { reason: string }[];
    expect(steps[0]!.reason).toMatch(/releases 13000\.40 USD held by a cap_exceeded exception/);
    expect(steps[1]!.reason).toMatch(/held money released 13000\.40 USD is over 10000\.00 USD/);
    expect(await draft()).toMatchObject({ totalMinor: 99_960n, heldMinor: 1_300_040n, revision: 1 });
    expect(await capException()).toMatchObject({ status: 'open' });
    const [req] = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.id, res.body.details!.requestId as string));
    expect(req).toMatchObject({
      actionType: 'exception.resolve',
      status: 'pending',
      args: { releases: { amountMinor: '1300040', currency: 'USD' } },
    });
  });

  it("releases once, on the requester's retry, after the account manager and a controller granted it", async () => {
    const cap = await capException();
    const asked = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    const requestId = asked.body.details!.requestId as string;
    // Levels go in order: the controller's level waits for the owner's.
    expect((await post('controller', `/approvals/${requestId}/grant`)).status).toBe(409);
    expect((await post('account_manager', `/approvals/${requestId}/grant`)).status).toBe(200);
    expect((await post('controller', `/approvals/${requestId}/grant`)).status).toBe(200);
    const done = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      effect: 'release',
      invoice: { total: { amount: '14000.00' }, heldAmount: { amount: '0.00' } },
    });
    expect(await draft()).toMatchObject({ totalMinor: 1_400_000n, heldMinor: 0n, revision: 2 });
    const again = await post('billing_clerk', `/exceptions/${cap.id}/resolve`, release);
    expect(again).toMatchObject({ status: 409, body: { code: 'EXCEPTION_ALREADY_RESOLVED' } });
    expect(await draft()).toMatchObject({ totalMinor: 1_400_000n, revision: 2 });
    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'exception.resolve'));
    expect(row).toMatchObject({
      approvalRef: expect.stringMatching(/,/),
      policyDecision: { outcome: 'require_approval' },
    });
  });

  it("shows the invoice's approvers the released money and whose approval released it", async () => {
    const inv = await draft();
    const submitted = await post('billing_clerk', `/invoices/${inv.id}/submit`, { expectedRevision: 2 });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const inbox = await call<{
      items: { kind: string; invoiceId?: string; steps: { role: string; reason: string }[] }[];
    }>(app, 'GET', '/approvals/inbox', { key: users.key.controller });
    const item = inbox.body.items.find((i) => i.invoiceId === inv.id);
    const reason = item?.steps.find((s) => s.role === 'controller')?.reason ?? '';
    expect(reason).toContain('held money was released onto the invoice: 13000.40 USD (cap_exceeded');
    expect(reason).toContain(
      `resolved by ${id('billing_clerk')}, approved by ${id('account_manager')}, ${id('controller')}`,
    );
  });
});
