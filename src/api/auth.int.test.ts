import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { apiKeys, timeEntries, users as usersTable } from '../db/schema/index.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';
import { addTime } from '../../test/helpers/firm.ts';
import { addUser, revokeKey } from '../../test/helpers/users.ts';
import { hashApiKey } from '../shared/api-keys.ts';
import { KEY_CACHE_TTL_MS } from '../db/stores/key-cache.ts';
import { createApp } from './app.ts';
import { revokeApiKey } from '../db/stores/access-writes.ts';

type Page = { items: { legalEntity: string }[] };
const ctx = () => ({ actorId: 'test', correlationId: 'test', now: new Date() });

describe(`authentication and the acting identity on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  let targets: FirmTargets;

  beforeAll(async () => {
    database = await createTestDatabase();
    targets = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
  });
  afterAll(async () => database?.close());

  const asAgentFor = (email: string) => ({ key: users.key.agent, headers: { 'x-on-behalf-of': email } });

  it('stores only the SHA-256 of a key and a short prefix, never the key', async () => {
    const [row] = await database.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashApiKey(users.key.controller)));
    expect(row).toBeDefined();
    expect(users.key.controller).toMatch(/^bc_[A-Za-z0-9_-]{43}$/);
    expect(users.key.controller.startsWith(row!.prefix)).toBe(true);
    const dump =
      JSON.stringify(await queryRows(database.db, sql`SELECT * FROM api_keys`)) +
      JSON.stringify(await queryRows(database.db, sql`SELECT * FROM audit_log`));
    expect(dump).not.toContain(users.key.controller);
  });

  it('answers 401 when the key was revoked, and records when a key was last used', async () => {
    const added = await addUser(
      database.db,
      { email: 'revoked@test.example', name: 'R', roles: ['controller'], entities: null },
      ctx(),
    );
    if (!added.ok) throw new Error('add');
    expect((await call(app, 'GET', '/invoices', { key: added.value.key })).status).toBe(200);
    const [used] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, added.value.keyId));
    expect(used!.lastUsedAt).not.toBeNull();
    expect((await revokeKey(database.db, added.value.keyId, ctx())).ok).toBe(true);
    const res = await call(app, 'GET', '/invoices', { key: added.value.key });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('stops accepting a key revoked by another process once KEY_CACHE_TTL_MS has passed since it was looked up', async () => {
    let t = Date.parse('2026-11-25T09:00:00Z');
    const clocked = createApp({ database, log: () => undefined, now: () => new Date(t) });
    const added = await addUser(
      database.db,
      { email: 'revoked-elsewhere@test.example', name: 'E', roles: ['controller'], entities: null },
      ctx(),
    );
    if (!added.ok) throw new Error('add');
    expect((await call(clocked, 'GET', '/invoices', { key: added.value.key })).status).toBe(200);
    // The CLI in another process writes the revocation; this process's cache does not hear of it.
    expect((await revokeApiKey(database.db, added.value.keyId, new Date())).ok).toBe(true);
    t += KEY_CACHE_TTL_MS - 1;
    expect((await call(clocked, 'GET', '/invoices', { key: added.value.key })).status).toBe(200);
    t += 1;
    expect((await call(clocked, 'GET', '/invoices', { key: added.value.key })).status).toBe(401);
  });

  it('answers 401 when the user was deactivated', async () => {
    const added = await addUser(
      database.db,
      { email: 'gone@test.example', name: 'G', roles: ['controller'], entities: null },
      ctx(),
    );
    if (!added.ok) throw new Error('add');
    await database.db.update(usersTable).set({ active: false }).where(eq(usersTable.id, added.value.userId));
    expect((await call(app, 'GET', '/invoices', { key: added.value.key })).status).toBe(401);
  });

  it('keeps /health, /openapi.json and /docs public', async () => {
    for (const path of ['/health', '/openapi.json', '/docs'])
      expect((await call(app, 'GET', path)).status, path).toBe(200);
  });

  it('lets the agent act with the roles of the person it names, and audits both', async () => {
    const res = await call(app, 'POST', '/usage', {
      ...asAgentFor(users.email('billing_clerk')),
      body: { records: [{ eventKey: 'agent-1', contract: 'U-A', occurredOn: '2026-11-02', quantity: '5' }] },
    });
    expect(res.status).toBe(201);
    const [row] = await queryRows<{ actor_id: string; on_behalf_of: string }>(
      database.db,
      sql`SELECT actor_id, on_behalf_of FROM audit_log WHERE action = 'usage.report' ORDER BY seq DESC LIMIT 1`,
    );
    expect(row).toEqual({
      actor_id: users.ids[users.email('agent')],
      on_behalf_of: users.ids[users.email('billing_clerk')],
    });
  });

  it('refuses the agent what the person it names may not do (403 FORBIDDEN)', async () => {
    const res = await call(app, 'POST', '/billing-runs', {
      ...asAgentFor(users.email('auditor')),
      body: { period: '2026-11', legalEntity: 'LE-A' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('never lets the agent approve, even for a project manager', async () => {
    const res = await call(app, 'POST', '/time-entries/approve', {
      ...asAgentFor(users.email('project_manager')),
      body: { ids: targets.submittedTimeA },
    });
    expect(res.status).toBe(403);
  });

  it('limits the agent to the entities of the person it names', async () => {
    const res = await call(app, 'GET', '/invoices?legalEntity=LE-A', asAgentFor(users.email('billing_clerk', true)));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'ENTITY_OUT_OF_SCOPE' });
  });

  it('answers 403 ON_BEHALF_OF_INVALID when the agent names an unknown person or another agent', async () => {
    for (const email of ['nobody@test.example', users.email('agent', true)]) {
      const res = await call(app, 'GET', '/invoices', asAgentFor(email));
      expect(res.status, email).toBe(403);
      expect(res.body).toMatchObject({ code: 'ON_BEHALF_OF_INVALID' });
    }
  });

  it('answers 403 DELEGATION_NOT_ALLOWED when a person sends X-On-Behalf-Of', async () => {
    const res = await call(app, 'GET', '/invoices', {
      key: users.key.billing_clerk,
      headers: { 'x-on-behalf-of': users.email('controller') },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'DELEGATION_NOT_ALLOWED' });
  });

  it('shows a user limited to one entity only that entity in lists without a filter', async () => {
    const res = await call<Page>(app, 'GET', '/invoices', { key: users.scopedKey.controller });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(new Set(res.body.items.map((i) => i.legalEntity))).toEqual(new Set(['LE-B']));
  });

  it('imports time over the API as submitted, whatever status or approver the body claims', async () => {
    const body = [
      {
        person: 'P-A',
        project: 'PR-A',
        date: '2026-11-21',
        hours: '3',
        status: 'approved',
        approvedBy: 'someone',
        description: 'claims approval',
      },
    ];
    const res = await call<{ ids: number[] }>(app, 'POST', '/time-entries', { key: users.key.billing_clerk, body });
    expect(res.status).toBe(201);
    const [row] = await database.db.select().from(timeEntries).where(eq(timeEntries.id, res.body.ids[0]!));
    expect(row!.approvalStatus).toBe('submitted');
    expect(row!.approvedBy).toBeNull();
  });

  it('answers 422 with every bad item by index and imports nothing when one reference is unknown', async () => {
    const body = [
      { person: 'P-A', project: 'PR-A', date: '2026-11-22', hours: '1', description: 'all or nothing' },
      { person: 'NOBODY', project: 'PR-A', date: '2026-11-22', hours: '1', description: 'all or nothing' },
    ];
    const res = await call(app, 'POST', '/time-entries', { key: users.key.billing_clerk, body });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'IMPORT_REJECTED', details: { errors: [{ index: 1 }] } });
    const [n] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM time_entries WHERE description = 'all or nothing'`,
    );
    expect(n!.n).toBe(0);
  });

  it('refuses a project manager approving their own time (403 SOD_OWN_TIME_ENTRIES)', async () => {
    const pm = await addUser(
      database.db,
      { email: 'worker.a@test.example', name: 'Worker A', roles: ['project_manager'], entities: null },
      ctx(),
    );
    if (!pm.ok) throw new Error('add');
    const res = await call(app, 'POST', '/time-entries/approve', {
      key: pm.value.key,
      body: { ids: targets.submittedTimeA },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'SOD_OWN_TIME_ENTRIES' });
  });

  it('approves nothing of a batch when policy refuses one of its projects (no half-approved batch)', async () => {
    const pm = await addUser(
      database.db,
      { email: 'worker.b@test.example', name: 'Worker B', roles: ['project_manager'], entities: null },
      ctx(),
    );
    if (!pm.ok) throw new Error('add');
    const own = await addTime(database, {
      person: 'P-B',
      project: 'PR-B',
      date: '2026-11-02',
      hours: '3',
      status: 'submitted',
    });
    // PR-A's entries are Worker B's to approve; PR-B's own entry is not, so the whole batch is refused.
    const res = await call(app, 'POST', '/time-entries/approve', {
      key: pm.value.key,
      body: { ids: [...targets.submittedTimeA, own] },
    });
    expect(res).toMatchObject({ status: 403, body: { code: 'SOD_OWN_TIME_ENTRIES' } });
    const rows = await database.db
      .select({ status: timeEntries.approvalStatus })
      .from(timeEntries)
      .where(inArray(timeEntries.id, [...targets.submittedTimeA, own]));
    expect(rows.map((r) => r.status)).toEqual(['submitted', 'submitted', 'submitted', 'submitted']);
  });

  it('approves time once: a second approval reports the entries as already approved', async () => {
    const first = await call(app, 'POST', '/time-entries/approve', {
      key: users.key.project_manager,
      body: { ids: targets.submittedTimeA },
    });
    const again = await call(app, 'POST', '/time-entries/approve', {
      key: users.key.project_manager,
      body: { ids: targets.submittedTimeA },
    });
    expect(first.body).toMatchObject({ approved: targets.submittedTimeA, alreadyApproved: [] });
    expect(again.body).toMatchObject({ approved: [], alreadyApproved: targets.submittedTimeA });
  });

  it('answers 400 with the issues, never 500, for malformed JSON, wrong types and unknown enum values', async () => {
    const bad = [
      { method: 'POST', path: '/expenses', body: '{"project":' },
      { method: 'POST', path: '/expenses', body: JSON.stringify({ project: 1 }) },
      { method: 'GET', path: '/invoices?status=nope' },
      { method: 'GET', path: '/invoices?limit=100000' },
      { method: 'GET', path: '/milestones/not-a-uuid/x' },
      { method: 'POST', path: '/milestones/not-a-uuid/complete', body: JSON.stringify({ completedOn: '2026-11-01' }) },
      { method: 'POST', path: '/time-entries', body: JSON.stringify([]) },
      { method: 'POST', path: '/time-entries', body: `[${'"x",'.repeat(2_200_000)}"x"]` },
    ];
    for (const b of bad) {
      const res = await app.request(b.path, {
        method: b.method,
        body: b.body,
        headers: { authorization: `Bearer ${users.key.controller}`, 'content-type': 'application/json' },
      });
      expect(res.status, `${b.method} ${b.path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${b.method} ${b.path}`).toBeLessThan(500);
      expect(Object.keys((await res.json()) as object).sort()).toEqual(['code', 'details', 'message']);
    }
  });
});
