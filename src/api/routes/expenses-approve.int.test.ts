import { describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { expenses, people, projects } from '../../db/schema/index.ts';
import { backend } from '../../../test/helpers/db.ts';
import { call } from '../../../test/helpers/api.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';

type Body = {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  approved?: number[];
  alreadyApproved?: number[];
  rejected?: number[];
};

/** POST /expenses/approve: expenses.approve per project under policy, all or none, audited. */
describe(`POST /expenses/approve on ${backend}`, () => {
  const env = useFirmApp();
  const approve = (ids: number[], role: 'project_manager' | 'billing_clerk' = 'project_manager') =>
    call<Body>(env.app, 'POST', '/expenses/approve', { key: env.users.key[role], body: { ids } });
  const statusOf = async (ids: number[]) =>
    (
      await env.database.db
        .select({ id: expenses.id, s: expenses.approvalStatus })
        .from(expenses)
        .where(inArray(expenses.id, ids))
        .orderBy(expenses.id)
    ).map((e) => e.s);
  const auditCount = async () =>
    Number(
      (
        await queryRows<{ n: number }>(
          env.database.db,
          sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'expenses.approve'`,
        )
      )[0]!.n,
    );
  /** A submitted expense on a project, spent by a person (by code) or by nobody named. */
  const expense = async (project: string, person: string | null = null, amountMinor = 10_000n) => {
    const [p] = await env.database.db.select().from(projects).where(eq(projects.code, project));
    const personId = person
      ? (await env.database.db.select().from(people).where(eq(people.code, person)))[0]!.id
      : null;
    const [row] = await env.database.db
      .insert(expenses)
      .values({
        projectId: p!.id,
        contractId: p!.contractId,
        personId,
        incurredOn: '2026-11-09',
        category: 'travel',
        amountMinor,
        currency: 'USD',
      })
      .returning({ id: expenses.id });
    return row!.id;
  };

  it('approves submitted expenses as the project manager, recording who and when, with one audit row per project', async () => {
    const ids = [await expense('PR-A', 'P-A'), await expense('PR-A'), await expense('PR-B', 'P-B')];
    const before = await auditCount();
    const res = await approve(ids);
    expect(res).toMatchObject({ status: 200, body: { approved: ids, alreadyApproved: [], rejected: [] } });
    const rows = await env.database.db.select().from(expenses).where(inArray(expenses.id, ids));
    for (const r of rows)
      expect(r).toMatchObject({
        approvalStatus: 'approved',
        approvedBy: env.users.email('project_manager'),
        approvedAt: expect.any(Date),
      });
    expect(await auditCount()).toBe(before + 2);
    const listed = await call<{ items: { id: number; status: string; approvedBy: string }[] }>(
      env.app,
      'GET',
      '/expenses?project=PR-B&status=approved',
      { key: env.users.key.controller },
    );
    expect(listed.body.items.find((e) => e.id === ids[2])).toMatchObject({
      status: 'approved',
      approvedBy: env.users.email('project_manager'),
    });
  });

  it('reports expenses already approved or rejected as they are and writes nothing for them', async () => {
    const [done, refused] = [await expense('PR-A'), await expense('PR-A')];
    await approve([done]);
    await env.database.db.update(expenses).set({ approvalStatus: 'rejected' }).where(eq(expenses.id, refused));
    const before = await auditCount();
    expect(await approve([done, refused])).toMatchObject({
      status: 200,
      body: { approved: [], alreadyApproved: [done], rejected: [refused] },
    });
    expect(await auditCount()).toBe(before);
  });

  it('refuses 403 SOD_VIOLATION when the project manager spent one of the expenses, and approves none of them', async () => {
    const [pm] = await env.database.db
      .insert(people)
      .values({ code: 'PM-OWN', name: 'Pat Manager', email: env.users.email('project_manager'), role: 'Manager' })
      .returning();
    const others = await expense('PR-B', 'P-B');
    const own = await expense('PR-A', pm!.code);
    const before = await auditCount();
    const res = await approve([others, own]);
    expect(res).toMatchObject({
      status: 403,
      body: { code: 'SOD_VIOLATION', details: { policyCode: 'SOD_OWN_EXPENSES' } },
    });
    expect(res.body.message).toBe('nobody approves their own expenses');
    expect(await statusOf([others, own])).toEqual(['submitted', 'submitted']);
    expect(await auditCount()).toBe(before);
  });

  it('answers 404 EXPENSES_NOT_FOUND naming the unknown ids and approves none of the others', async () => {
    const known = await expense('PR-A');
    const res = await approve([known, 987_654_321]);
    expect(res).toMatchObject({ status: 404, body: { code: 'EXPENSES_NOT_FOUND', details: { ids: [987_654_321] } } });
    expect(await statusOf([known])).toEqual(['submitted']);
  });

  it('answers 403 FORBIDDEN to a billing clerk, who may record expenses but not approve them', async () => {
    const id = await expense('PR-A');
    expect(await approve([id], 'billing_clerk')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await statusOf([id])).toEqual(['submitted']);
  });

  it('answers 403 ENTITY_OUT_OF_SCOPE to a project manager limited to the other legal entity', async () => {
    const id = await expense('PR-A');
    const res = await call<Body>(env.app, 'POST', '/expenses/approve', {
      key: env.users.scopedKey.project_manager,
      body: { ids: [id] },
    });
    expect(res).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
    expect(await statusOf([id])).toEqual(['submitted']);
  });
});
