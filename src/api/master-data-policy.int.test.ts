import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.ts';
import { backend } from '../../test/helpers/db.ts';
import { call, type TestUsers } from '../../test/helpers/api.ts';
import { useFirmApp } from '../../test/helpers/firm-app.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };

/** The client CL-A exactly as the two-entity firm loads it (defaults: no contacts, by e-mail, no limit, no owner). */
const clientA = { code: 'CL-A', legalEntity: 'LE-A', name: 'Client A', country: 'US' };
const fraudContact = { billingContacts: [{ name: 'Accounts', email: 'accounts@attacker.example' }] };
const projectA = (status: string) => ({ code: 'PR-A', name: 'Project A', contract: 'K-A', status });

/** Where invoices go (a client's billing details) and a project's status are policy actions, audited before and after. */
describe(`client and project changes under policy over HTTP on ${backend}`, () => {
  const env = useFirmApp();
  const post = (role: keyof TestUsers['key'], path: string, body: unknown = {}) =>
    call<Body>(env.app, 'POST', path, { key: env.users.key[role], body });
  const get = async (path: string) => (await call<Body>(env.app, 'GET', path, { key: env.users.key.controller })).body;
  const lastAudit = async (action: string, targetId: string) =>
    (
      await env.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)))
    ).at(-1);

  it('creates a new client with its first billing contacts without approval', async () => {
    const res = await post('billing_clerk', '/clients', {
      ...clientA,
      code: 'CL-NEW',
      name: 'New client',
      billingContacts: [{ name: 'AP', email: 'ap@new.example' }],
      deliveryChannel: 'portal',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ billingContacts: [{ email: 'ap@new.example' }], deliveryChannel: 'portal' });
  });

  it("asks a controller before a clerk sends an existing client's invoices to a new contact, and writes it on the retry once granted", async () => {
    const asked = await post('billing_clerk', '/clients', { ...clientA, ...fraudContact });
    expect(asked).toMatchObject({
      status: 409,
      body: {
        code: 'APPROVAL_REQUIRED',
        details: { steps: [{ level: 1, role: 'controller' }], requestId: expect.any(String) },
      },
    });
    expect((asked.body.details!.steps as { reason: string }[])[0]!.reason).toContain(
      'billing contacts none -> accounts@attacker.example',
    );
    expect((await get('/clients/CL-A')).billingContacts).toEqual([]);
    expect((await post('controller', `/approvals/${asked.body.details!.requestId as string}/grant`)).status).toBe(200);
    const done = await post('billing_clerk', '/clients', { ...clientA, ...fraudContact });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await get('/clients/CL-A')).billingContacts).toEqual(fraudContact.billingContacts);
    const row = await lastAudit('client.update', done.body.id as string);
    expect(row).toMatchObject({
      before: { billingContacts: [] },
      after: { billingContacts: fraudContact.billingContacts },
      approvalRef: expect.any(String),
      policyDecision: { outcome: 'require_approval' },
    });
  });

  it('asks a controller for another delivery channel and a finance admin for a credit limit, and nobody for a new name', async () => {
    const base = { code: 'CL-B', legalEntity: 'LE-B', name: 'Client B', country: 'NL' };
    expect(await post('billing_clerk', '/clients', { ...base, deliveryChannel: 'post' })).toMatchObject({
      status: 409,
      body: {
        code: 'APPROVAL_REQUIRED',
        details: { steps: [{ role: 'controller', reason: 'delivery channel email -> post' }] },
      },
    });
    expect(
      await post('billing_clerk', '/clients', { ...base, creditLimit: { amount: '50000.00', currency: 'USD' } }),
    ).toMatchObject({
      status: 409,
      body: {
        code: 'APPROVAL_REQUIRED',
        details: { steps: [{ role: 'finance_admin', reason: 'credit limit none -> 50000.00 USD' }] },
      },
    });
    expect(await get('/clients/CL-B')).toMatchObject({ deliveryChannel: 'email', creditLimit: null });
    const renamed = await post('billing_clerk', '/clients', { ...base, name: 'Client B BV' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  });

  it('puts a project on hold under the policy action, audited with its status before and after', async () => {
    const res = await post('billing_clerk', '/projects', projectA('on_hold'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await lastAudit('project.update', res.body.id as string)).toMatchObject({
      before: { status: 'active' },
      after: { status: 'on_hold' },
      policyDecision: { outcome: 'allow' },
    });
  });

  it('asks a project manager before a clerk reactivates a project on hold (it lifts the on-hold approval of its invoices)', async () => {
    const asked = await post('billing_clerk', '/projects', projectA('active'));
    expect(asked).toMatchObject({
      status: 409,
      body: { code: 'APPROVAL_REQUIRED', details: { steps: [{ role: 'project_manager' }] } },
    });
    expect((await get('/projects/PR-A')).status).toBe('on_hold');
    expect((await post('project_manager', `/approvals/${asked.body.details!.requestId as string}/grant`)).status).toBe(
      200,
    );
    const done = await post('billing_clerk', '/projects', projectA('active'));
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await lastAudit('project.update', done.body.id as string)).toMatchObject({
      before: { status: 'on_hold' },
      after: { status: 'active' },
      approvalRef: expect.any(String),
      policyDecision: { outcome: 'require_approval' },
    });
  });
});
