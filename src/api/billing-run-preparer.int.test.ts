import { describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { auditLog, invoices } from '../db/schema/index.ts';
import { backend } from '../../test/helpers/db.ts';
import { call, type TestUsers } from '../../test/helpers/api.ts';
import { useFirmApp } from '../../test/helpers/firm-app.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };

/** The person who starts a billing run prepares its drafts, and segregation of duties keeps them from approving them. */
describe(`the preparer of a billing run's drafts on ${backend}`, () => {
  const env = useFirmApp();

  const post = (role: keyof TestUsers['key'], path: string, body: unknown = {}) =>
    call<Body>(env.app, 'POST', path, { key: env.users.key[role], body });
  const novemberDraftA = async () =>
    (
      await env.database.db
        .select()
        .from(invoices)
        .where(and(eq(invoices.legalEntityId, env.targets.entityA), eq(invoices.period, '2026-11')))
    )[0]!;

  it('records the controller who started the run as the preparer, and refuses them approving the draft (403 SOD_PREPARER_CANNOT_APPROVE)', async () => {
    expect((await post('project_manager', '/time-entries/approve', { ids: env.targets.submittedTimeA })).status).toBe(
      200,
    );
    const run = await post('controller', '/billing-runs', { period: '2026-11', legalEntity: 'LE-A' });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const draft = await novemberDraftA();
    expect(draft.preparedBy).toBe(env.users.ids[env.users.email('controller')]);
    // The start is audited (with its decision) before any draft is written, the finish with the run's figures.
    const trail = await env.database.db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.action, ['billing_run.start', 'billing_run.finish']))
      .orderBy(asc(auditLog.seq));
    expect(trail).toMatchObject([
      {
        action: 'billing_run.start',
        actorId: env.users.ids[env.users.email('controller')],
        after: { period: '2026-11', legalEntity: 'LE-A' },
        policyDecision: { outcome: 'allow' },
      },
      { action: 'billing_run.finish', targetId: run.body.id, after: { period: '2026-11', invoicesWritten: 1 } },
    ]);
    expect((await post('billing_clerk', `/invoices/${draft.id}/submit`)).status).toBe(200);
    const own = await post('controller', `/invoices/${draft.id}/approve`);
    expect(own).toMatchObject({
      status: 403,
      body: { code: 'SOD_VIOLATION', details: { policyCode: 'SOD_PREPARER_CANNOT_APPROVE' } },
    });
    const other = await post('finance_admin', `/invoices/${draft.id}/approve`);
    expect(other.status, JSON.stringify(other.body)).toBe(200);
  });

  it('records the person the agent acts for, not the agent, when the agent starts a run', async () => {
    const res = await call<Body>(env.app, 'POST', '/billing-runs', {
      key: env.users.key.agent,
      headers: { 'x-on-behalf-of': env.users.email('billing_clerk') },
      body: { period: '2026-10', legalEntity: 'LE-A' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const october = await env.database.db
      .select()
      .from(invoices)
      .where(
        and(
          eq(invoices.legalEntityId, env.targets.entityA),
          eq(invoices.period, '2026-10'),
          eq(invoices.status, 'draft'),
        ),
      );
    expect(october.map((d) => d.preparedBy)).toEqual([env.users.ids[env.users.email('billing_clerk')]]);
  });
});
