import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { importBundleAs } from '../../../test/helpers/import-bundle.ts';
import { queryRows } from '../../db/client.ts';
import { projects } from '../../db/schema/index.ts';
import { httpStatusOfCode } from '../../shared/error-codes.ts';

type Body = Record<string, unknown> & { code?: string };

/** A new contract of client CL-A with one project put on hold from the start. */
const contract = (status?: 'active' | 'on_hold' | 'closed', name = 'Status contract') => ({
  code: 'K-PS',
  client: 'CL-A',
  name,
  models: ['time_and_materials'],
  currency: 'USD',
  startDate: '2026-01-01',
  taxJurisdiction: 'US',
  rateCard: [{ role: 'Consultant', rate: '150.00', effectiveFrom: '2026-01-01' }],
  projects: [{ code: 'PR-PS', name: 'Status project', ...(status ? { status } : {}) }],
});

/**
 * Reactivating a project needs a project manager's approval (project.change_status, projects_upsert); a contract or
 * a bundle that lists the project must not do it on the side.
 */
describe(`a project's status through a contract or the bundle on ${backend}`, () => {
  const env = useFirmApp();
  const post = (body: unknown) => call<Body>(env.app, 'POST', '/contracts', { key: env.users.key.controller, body });
  const statusOf = async () =>
    (await env.database.db.select({ s: projects.status }).from(projects).where(eq(projects.code, 'PR-PS')))[0]?.s;
  const auditRows = async () =>
    Number((await queryRows<{ n: number }>(env.database.db, sql`SELECT count(*)::int AS n FROM audit_log`))[0]!.n);

  it('creates a contract with a project in any status', async () => {
    const created = await post(contract('on_hold'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await statusOf()).toBe('on_hold');
  });

  it('refuses a contract write that would reactivate the project (an omitted status is active), writing nothing', async () => {
    const audit = await auditRows();
    for (const body of [contract('active', 'Renamed'), contract(undefined, 'Renamed')]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body).toMatchObject({
        code: 'PROJECT_STATUS_NEEDS_POLICY',
        details: { path: 'projects.0.status', project: 'PR-PS', from: 'on_hold', to: 'active' },
      });
    }
    expect(httpStatusOfCode('PROJECT_STATUS_NEEDS_POLICY')).toBe(422);
    expect(await statusOf()).toBe('on_hold');
    expect(await auditRows()).toBe(audit);
  });

  it('takes the same contract when it repeats the status on file', async () => {
    const res = await post(contract('on_hold', 'Renamed'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await statusOf()).toBe('on_hold');
  });

  it('refuses a bundle that would close it, whole', async () => {
    const userId = env.users.ids[env.users.email('finance_admin')]!;
    const res = await importBundleAs(env.database, userId, { contracts: [contract('closed')] });
    expect(res.ok ? 'ok' : res.error).toMatchObject({
      code: 'PROJECT_STATUS_NEEDS_POLICY',
      path: 'contracts.0.projects.0.status',
      from: 'on_hold',
      to: 'closed',
    });
    expect(await statusOf()).toBe('on_hold');
    expect((await importBundleAs(env.database, userId, { contracts: [contract('on_hold')] })).ok).toBe(true);
  });
});
