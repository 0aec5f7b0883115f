import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { approvalRequests, auditLog } from '../db/schema/index.ts';
import { backend } from '../../test/helpers/db.ts';
import { call, type TestUsers } from '../../test/helpers/api.ts';
import { useFirmApp } from '../../test/helpers/firm-app.ts';

type Body = Record<string, unknown> & {
  code?: string;
  details?: Record<string, unknown>;
  rateCard?: { rate: string }[];
};

/** The contract K-A exactly as the two-entity firm loads it. */
const contractA = {
  code: 'K-A',
  client: 'CL-A',
  name: 'Contract A',
  models: ['time_and_materials', 'milestone'],
  currency: 'USD',
  startDate: '2026-01-01',
  taxJurisdiction: 'US',
  rateCard: [{ role: 'Analyst', rate: '150.00', effectiveFrom: '2026-01-01' }],
  milestones: [{ name: 'Kickoff A', amount: '1000.00' }],
  projects: [{ code: 'PR-A', name: 'Project A' }],
};
const withRate = (rate: string) => ({ ...contractA, rateCard: [{ ...contractA.rateCard[0]!, rate }] });

/** Changing an existing contract's commercial terms by hand is a policy action a controller approves. */
describe(`contract terms changed over HTTP on ${backend}`, () => {
  const env = useFirmApp();

  const post = (role: keyof TestUsers['key'], path: string, body: unknown = {}) =>
    call<Body>(env.app, 'POST', path, { key: env.users.key[role], body });
  const rateNow = async () =>
    (await call<Body>(env.app, 'GET', '/contracts/K-A', { key: env.users.key.controller })).body.rateCard![0]!.rate;

  it('renames a contract and adds a project without approval: those are not commercial terms', async () => {
    const res = await post('billing_clerk', '/contracts', {
      ...contractA,
      name: 'Contract A (renamed)',
      projects: [...contractA.projects, { code: 'PR-A2', name: 'Phase 2' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: 'Contract A (renamed)' });
  });

  it('asks a controller before a clerk triples a rate (409 APPROVAL_REQUIRED), writing nothing but the request', async () => {
    const res = await post('billing_clerk', '/contracts', withRate('450.00'));
    expect(res).toMatchObject({
      status: 409,
      body: { code: 'APPROVAL_REQUIRED', details: { steps: [{ role: 'controller' }], requestId: expect.any(String) } },
    });
    expect(await rateNow()).toBe('150.000000');
    const [req] = await env.database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.id, res.body.details!.requestId as string));
    expect(req).toMatchObject({ actionType: 'contract.change_terms', status: 'pending' });
    expect(
      req!.args as { before: { rateCard: { rate: string }[] }; after: { rateCard: { rate: string }[] } },
    ).toMatchObject({
      before: { rateCard: [{ rate: '150.000000' }] },
      after: { rateCard: [{ rate: '450.000000' }] },
    });
  });

  it('writes the change once a controller granted it, with the approval in the audit row; another change needs its own approval', async () => {
    const asked = await post('billing_clerk', '/contracts', withRate('450.00'));
    const requestId = asked.body.details!.requestId as string;
    expect((await post('controller', `/approvals/${requestId}/grant`)).status).toBe(200);
    // The controller who approved it does not carry it out.
    expect(await post('controller', '/contracts', withRate('450.00'))).toMatchObject({
      status: 403,
      body: { code: 'SOD_VIOLATION' },
    });
    const done = await post('billing_clerk', '/contracts', withRate('450.00'));
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await rateNow()).toBe('450.000000');
    const updates = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'contract.update'));
    expect(updates.at(-1)).toMatchObject({
      approvalRef: expect.any(String),
      policyDecision: { outcome: 'require_approval' },
    });
    const other = await post('billing_clerk', '/contracts', withRate('500.00'));
    expect(other.status).toBe(409);
    expect(await rateNow()).toBe('450.000000');
  });

  it("asks a finance admin before a person's cost rate changes (it decides the margin rule), and not for a new name", async () => {
    const personA = {
      code: 'P-A',
      name: 'Person A',
      email: 'worker.a@test.example',
      role: 'Analyst',
      legalEntity: 'LE-A',
      costRate: '50.00',
      costCurrency: 'USD',
    };
    expect((await post('billing_clerk', '/people', { ...personA, name: 'Person A (renamed)' })).status).toBe(200);
    const asked = await post('billing_clerk', '/people', { ...personA, costRate: '10.00' });
    expect(asked).toMatchObject({
      status: 409,
      body: { code: 'APPROVAL_REQUIRED', details: { steps: [{ role: 'finance_admin' }] } },
    });
    const costNow = async () =>
      (await call<Body>(env.app, 'GET', '/people/P-A', { key: env.users.key.controller })).body.costRate;
    expect(await costNow()).toMatch(/^50\.0+$/);
    expect((await post('finance_admin', `/approvals/${asked.body.details!.requestId as string}/grant`)).status).toBe(
      200,
    );
    expect((await post('billing_clerk', '/people', { ...personA, costRate: '10.00' })).status).toBe(200);
    expect(await costNow()).toMatch(/^10\.0+$/);
  });

  it('creates a new contract without approval', async () => {
    const res = await post('billing_clerk', '/contracts', {
      ...contractA,
      code: 'K-A-NEW',
      name: 'New contract',
      projects: [{ code: 'PR-A-NEW', name: 'New' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});
