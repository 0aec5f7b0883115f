import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { importBundleAs } from '../../../test/helpers/import-bundle.ts';
import { queryRows } from '../../db/client.ts';
import { contracts, milestones } from '../../db/schema/index.ts';
import { httpStatusOfCode } from '../../shared/error-codes.ts';

type Body = Record<string, unknown> & { code?: string };
type Milestone = { name: string; amount: string; status?: 'pending' | 'completed' | 'accepted'; acceptedOn?: string };

/** A fixed-fee contract of client CL-A with these milestones. */
const contract = (ms: Milestone[], code = 'K-MS') => ({
  code,
  client: 'CL-A',
  name: 'Milestone contract',
  models: ['milestone'],
  currency: 'USD',
  startDate: '2026-01-01',
  taxJurisdiction: 'US',
  rateCard: [{ role: 'Consultant', rate: '150.00', effectiveFrom: '2026-01-01' }],
  milestones: ms,
});
const design: Milestone = { name: 'Design', amount: '1000.00' };
const acceptedDesign: Milestone = { ...design, status: 'accepted', acceptedOn: '2026-03-01' };

/**
 * Completing and accepting a milestone are milestone.complete and milestone.accept (the milestone routes, audited with
 * who accepted); an accepted milestone is billed. A contract or a bundle listing the milestone must not do either on
 * the side, nor undo it.
 */
describe(`a milestone's progress through a contract or the bundle on ${backend}`, () => {
  const env = useFirmApp();
  const post = (body: unknown) => call<Body>(env.app, 'POST', '/contracts', { key: env.users.key.controller, body });
  const onFile = async (name = 'Design', code = 'K-MS') =>
    (
      await env.database.db
        .select({ id: milestones.id, status: milestones.status, acceptedOn: milestones.acceptedOn })
        .from(milestones)
        .innerJoin(contracts, eq(contracts.id, milestones.contractId))
        .where(and(eq(contracts.code, code), eq(milestones.name, name)))
    )[0];
  const auditRows = async () =>
    Number((await queryRows<{ n: number }>(env.database.db, sql`SELECT count(*)::int AS n FROM audit_log`))[0]!.n);
  const importer = () => env.users.ids[env.users.email('finance_admin')]!;

  it('refuses a new contract whose milestone starts accepted, creating nothing', async () => {
    const res = await post(contract([acceptedDesign], 'K-MS-NEW'));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject({
      code: 'MILESTONE_PROGRESS_NEEDS_POLICY',
      details: { path: 'milestones.0', contract: 'K-MS-NEW', milestone: 'Design', fields: ['status', 'acceptedOn'] },
    });
    const rows = await env.database.db.select().from(contracts).where(eq(contracts.code, 'K-MS-NEW'));
    expect(rows).toHaveLength(0);
  });

  it('creates a contract with pending milestones', async () => {
    const created = await post(contract([design]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await onFile()).toMatchObject({ status: 'pending', acceptedOn: null });
  });

  it('refuses a contract write that would accept or complete an existing milestone, writing nothing', async () => {
    const audit = await auditRows();
    const { id } = (await onFile())!;
    for (const [m, fields] of [
      [acceptedDesign, ['status', 'acceptedOn']],
      [{ ...design, status: 'completed' }, ['status']],
      [{ ...design, acceptedOn: '2026-03-01' }, ['acceptedOn']],
    ] as const) {
      const res = await post({ ...contract([m]), name: 'Renamed' });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body).toMatchObject({
        code: 'MILESTONE_PROGRESS_NEEDS_POLICY',
        details: { path: 'milestones.0', contract: 'K-MS', milestone: 'Design', milestoneId: id, fields },
      });
    }
    expect(httpStatusOfCode('MILESTONE_PROGRESS_NEEDS_POLICY')).toBe(422);
    expect(await onFile()).toMatchObject({ status: 'pending', acceptedOn: null });
    expect(await auditRows()).toBe(audit);
  });

  it('refuses a milestone added to an existing contract already accepted', async () => {
    const res = await post(contract([design, { ...acceptedDesign, name: 'Build' }]));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject({
      code: 'MILESTONE_PROGRESS_NEEDS_POLICY',
      details: { path: 'milestones.1', contract: 'K-MS', milestone: 'Build' },
    });
    expect(await onFile('Build')).toBeUndefined();
  });

  it('refuses a bundle that would accept it, whole, and takes the unchanged re-import', async () => {
    const res = await importBundleAs(env.database, importer(), { contracts: [contract([acceptedDesign])] });
    expect(res.ok ? 'ok' : res.error).toMatchObject({
      code: 'MILESTONE_PROGRESS_NEEDS_POLICY',
      path: 'contracts.0.milestones.0',
      contract: 'K-MS',
      milestone: 'Design',
      fields: ['status', 'acceptedOn'],
      from: { status: 'pending', acceptedOn: null },
      to: { status: 'accepted', acceptedOn: '2026-03-01' },
    });
    expect(await onFile()).toMatchObject({ status: 'pending', acceptedOn: null });
    expect((await importBundleAs(env.database, importer(), { contracts: [contract([design])] })).ok).toBe(true);
  });

  it('once accepted through its route, a contract or bundle listing it pending is refused and one repeating it passes', async () => {
    const { id } = (await onFile())!;
    const accepted = await call<Body>(env.app, 'POST', `/milestones/${id}/accept`, {
      key: env.users.key.controller,
      body: { acceptedOn: '2026-03-01', acceptedBy: 'client@example.com' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const undo = await post(contract([design]));
    expect(undo.status, JSON.stringify(undo.body)).toBe(422);
    expect(undo.body).toMatchObject({ code: 'MILESTONE_PROGRESS_NEEDS_POLICY', details: { milestone: 'Design' } });
    const bundleUndo = await importBundleAs(env.database, importer(), { contracts: [contract([design])] });
    expect(bundleUndo.ok ? 'ok' : bundleUndo.error).toMatchObject({ code: 'MILESTONE_PROGRESS_NEEDS_POLICY' });
    expect(await onFile()).toMatchObject({ status: 'accepted', acceptedOn: '2026-03-01' });
    const same = await post({ ...contract([acceptedDesign]), name: 'Renamed' });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect((await importBundleAs(env.database, importer(), { contracts: [contract([acceptedDesign])] })).ok).toBe(true);
    expect(await onFile()).toMatchObject({ status: 'accepted', acceptedOn: '2026-03-01' });
  });

  it("lets a bundle create a contract with its milestones' history (setting a firm up)", async () => {
    const res = await importBundleAs(env.database, importer(), {
      contracts: [contract([acceptedDesign], 'K-MS-HIST')],
    });
    expect(res.ok ? 'ok' : res.error).toBe('ok');
    expect(await onFile('Design', 'K-MS-HIST')).toMatchObject({ status: 'accepted', acceptedOn: '2026-03-01' });
  });
});
