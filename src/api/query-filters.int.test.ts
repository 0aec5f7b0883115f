import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import { backend } from '../../test/helpers/db.ts';
import { call } from '../../test/helpers/api.ts';
import { useFirmApp } from '../../test/helpers/firm-app.ts';
import { billingExceptions, clients, contracts } from '../db/schema/index.ts';
import { apiRoutes } from './app.ts';
import { queryKeysOf } from './route.ts';
import { ROUTE_CASES } from './route-cases.test-support.ts';

type Page = {
  items: { id: string; client: string | null; type: string; ownerRole: string; assignedTo: string | null }[];
  page: { total: number };
};

describe(`list filters on ${backend}`, () => {
  const env = useFirmApp();
  const clerk = () => env.users.key.billing_clerk;

  /** Adds an open exception on client B's contract, so client A's filter has something to leave out. */
  const addExceptionForB = async () => {
    const [k] = await env.database.db.select().from(contracts).where(eq(contracts.code, 'K-B'));
    const [b] = await env.database.db.select().from(clients).where(eq(clients.code, 'CL-B'));
    await env.database.db.insert(billingExceptions).values({
      dedupeKey: `test-b-${Date.now()}`,
      type: 'missing_po',
      severity: 'blocking',
      ownerRole: 'billing_clerk',
      message: 'PO missing for B',
      contractId: k!.id,
      clientId: b!.id,
      period: '2026-10',
      slaHours: 24,
      slaDueAt: new Date('2026-11-01T00:00:00Z'),
    });
  };

  it('answers 400 UNKNOWN_FILTER naming the key and the filters that exist when a list gets a filter it does not know', async () => {
    const res = await call(env.app, 'GET', '/exceptions?colour=red', { key: clerk() });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_FILTER', details: { unknown: ['colour'] } });
    expect((res.body as { details: { allowed: string[] } }).details.allowed).toEqual(
      expect.arrayContaining(['limit', 'offset', 'client', 'status', 'type', 'period', 'owner']),
    );
    expect((res.body as { message: string }).message).toContain('"colour"');
  });

  it("returns only the client's exceptions when GET /exceptions is filtered by client code", async () => {
    await addExceptionForB();
    const all = await call<Page>(env.app, 'GET', '/exceptions?limit=200', { key: clerk() });
    expect(new Set(all.body.items.map((i) => i.client))).toEqual(new Set(['CL-A', 'CL-B']));
    const a = await call<Page>(env.app, 'GET', '/exceptions?client=CL-A&limit=200', { key: clerk() });
    expect(a.status).toBe(200);
    expect(a.body.items.length).toBeGreaterThan(0);
    expect(a.body.items.every((i) => i.client === 'CL-A')).toBe(true);
    expect(a.body.page.total).toBe(all.body.items.filter((i) => i.client === 'CL-A').length);
    const none = await call<Page>(env.app, 'GET', '/exceptions?client=NO-SUCH', { key: clerk() });
    expect(none.body).toMatchObject({ items: [], page: { total: 0 } });
  });

  it('filters GET /exceptions by owner role, type, severity and assignee when asked', async () => {
    const owner = await call<Page>(env.app, 'GET', '/exceptions?owner=billing_clerk&limit=200', { key: clerk() });
    expect(owner.body.items.length).toBeGreaterThan(0);
    expect(owner.body.items.every((i) => i.ownerRole === 'billing_clerk')).toBe(true);
    const type = await call<Page>(env.app, 'GET', '/exceptions?type=missing_po&severity=blocking&limit=200', {
      key: clerk(),
    });
    expect(type.body.items.length).toBeGreaterThan(0);
    expect(type.body.items.every((i) => i.type === 'missing_po')).toBe(true);
    const me = env.users.ids[env.users.email('billing_clerk')]!;
    const assigned = await call(env.app, 'POST', `/exceptions/${env.targets.exceptionA}/assign`, {
      key: env.users.key.project_manager,
      body: { assigneeId: me },
      headers: { 'idempotency-key': 'assign-for-filter' },
    });
    expect(assigned.status).toBe(200);
    const mine = await call<Page>(env.app, 'GET', '/exceptions?assignedTo=me', { key: clerk() });
    expect(mine.body.items.map((i) => i.id)).toEqual([env.targets.exceptionA]);
    const bad = await call(env.app, 'GET', '/exceptions?owner=nobody', { key: clerk() });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses an unknown query key on every route with 400 UNKNOWN_FILTER, before it writes anything', async () => {
    const routes = apiRoutes({ database: env.database, log: () => undefined, now: () => new Date() });
    const dummy = '00000000-0000-4000-8000-000000000000';
    const auditRows = async () =>
      Number((await queryRows<{ n: number }>(env.database.db, sql`SELECT count(*)::int AS n FROM audit_log`))[0]!.n);
    const before = await auditRows();
    for (const r of routes) {
      const role = r.roles.find((x) => x !== 'agent')!;
      const req = ROUTE_CASES[r.operationId]!({ ...env.targets, clientA: dummy, documentA: dummy, assigneeId: dummy });
      const path = `${req.path}${req.path.includes('?') ? '&' : '?'}bogusFilter=1`;
      const res = await call(env.app, r.method.toUpperCase(), path, {
        key: env.users.key[role],
        body: req.body ?? (r.method === 'post' ? {} : undefined),
        headers: { 'idempotency-key': `bogus-${r.operationId}` },
      });
      expect(res.status, `${r.method.toUpperCase()} ${r.path}`).toBe(400);
      expect(res.body, `${r.method.toUpperCase()} ${r.path}`).toMatchObject({
        code: 'UNKNOWN_FILTER',
        details: { unknown: ['bogusFilter'], allowed: queryKeysOf(r.query) },
      });
    }
    expect(await auditRows()).toBe(before);
  });

  it('still takes pagination keys and documented filters on every list when they are sent', async () => {
    for (const path of [
      '/invoices?limit=5&offset=0&status=draft&client=CL-A&period=2026-10&legalEntity=LE-A',
      '/exceptions?limit=5&offset=0&status=open&period=2026-10',
      '/approvals/inbox?limit=5&offset=0',
      '/payments?limit=5&client=CL-A&unapplied=true',
      '/clients?limit=1',
      '/audit?limit=1&action=invoice.void',
    ]) {
      const res = await call(env.app, 'GET', path, { key: env.users.key.controller });
      expect(res.status, path).toBe(200);
    }
  });
});
