import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema/index.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm } from '../../test/helpers/two-entity-firm.ts';
import { requestHash } from './idempotency.ts';
import { callHash } from '../tools/call-tool.ts';
import type { AnyTool, ToolCaller } from '../tools/define-tool.ts';
import { timeEntriesImport } from '../tools/time/import-time-entries.ts';

/** A fresh two-entity firm (pool of 20 for the concurrent requests), users limited to LE-B, and the app over it. */
async function openFirm(): Promise<{ database: Database; app: App; users: TestUsers }> {
  const database = await createTestDatabase({ poolSize: 20 });
  await loadTwoEntityFirm(database);
  const users = await createTestUsers(database, 'LE-B');
  return { database, app: testApp(database), users };
}

const expense = (category: string, amount = '10.00') => ({
  project: 'PR-A',
  incurredOn: '2026-11-03',
  category,
  amount,
  currency: 'USD',
});

describe(`Idempotency-Key on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  const count = async (category: string) =>
    Number(
      (
        await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM expenses WHERE category = ${category}`,
        )
      )[0]!.n,
    );
  const post = (key: string, body: unknown, idem?: string) =>
    call<Record<string, unknown>>(app, 'POST', '/expenses', {
      key,
      body,
      headers: idem ? { 'idempotency-key': idem } : {},
    });

  beforeAll(async () => ({ database, app, users } = await openFirm()));
  afterAll(async () => database?.close());

  it('replays the first status and body without a second effect when the same key and body come again', async () => {
    const first = await post(users.key.billing_clerk, expense('replay'), 'k-replay');
    const again = await post(users.key.billing_clerk, expense('replay'), 'k-replay');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await count('replay')).toBe(1);
  });

  it('replays when the same JSON body comes with its keys in another order', async () => {
    const body = expense('reordered');
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await post(users.key.billing_clerk, body, 'k-order');
    const again = await post(users.key.billing_clerk, reordered, 'k-order');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('reordered')).toBe(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED and writes nothing when the same key comes with another body', async () => {
    await post(users.key.billing_clerk, expense('reuse', '10.00'), 'k-reuse');
    const other = await post(users.key.billing_clerk, expense('reuse', '99.00'), 'k-reuse');
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await count('reuse')).toBe(1);
  });

  it('answers 422 when the same key is sent to another route', async () => {
    await post(users.key.billing_clerk, expense('route'), 'k-route');
    const res = await call(app, 'POST', '/usage', {
      key: users.key.billing_clerk,
      headers: { 'idempotency-key': 'k-route' },
      body: { records: [{ eventKey: 'k-route-ev', contract: 'U-A', occurredOn: '2026-11-02', quantity: '1' }] },
    });
    expect(res.status).toBe(422);
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS when the first request with the key is still running', async () => {
    const userId = users.ids[users.email('billing_clerk')]!;
    const body = expense('running');
    await database.db
      .insert(idempotencyKeys)
      .values({ userId, key: 'k-running', requestHash: requestHash('POST', '/expenses', JSON.stringify(body)) });
    const res = await post(users.key.billing_clerk, body, 'k-running');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(await count('running')).toBe(0);
  });

  it('keeps keys per user: the same key from two users runs twice', async () => {
    await post(users.key.billing_clerk, expense('per-user'), 'k-shared');
    const other = await post(users.key.controller, expense('per-user'), 'k-shared');
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await count('per-user')).toBe(2);
  });

  it("keeps the agent's keys per person it acts for: the same key for another person is 422, never the first person's answer", async () => {
    const asAgent = (email: string, idem: string) =>
      call<Record<string, unknown>>(app, 'POST', '/expenses', {
        key: users.key.agent,
        body: expense('agent-key'),
        headers: { 'x-on-behalf-of': email, 'idempotency-key': idem },
      });
    const first = await asAgent(users.email('billing_clerk'), 'k-agent');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect((await asAgent(users.email('billing_clerk'), 'k-agent')).headers.get('idempotent-replayed')).toBe('true');
    // A clerk limited to LE-B may not post to PR-A (entity A): the stored 201 is not theirs to see.
    const scoped = await asAgent(users.email('billing_clerk', true), 'k-agent');
    expect(scoped).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(scoped.headers.get('idempotent-replayed')).toBeNull();
    expect((await asAgent(users.email('billing_clerk', true), 'k-agent-2')).status).toBe(403);
    expect(await count('agent-key')).toBe(1);
  });

  it('answers 415 for a body that is not JSON, whatever its text, writing nothing', async () => {
    const res = await app.request('/expenses', {
      method: 'POST',
      body: JSON.stringify(expense('plain')),
      headers: { authorization: `Bearer ${users.key.billing_clerk}`, 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const merge = await app.request('/expenses', {
      method: 'POST',
      body: JSON.stringify(expense('plain')),
      headers: {
        authorization: `Bearer ${users.key.billing_clerk}`,
        'content-type': 'application/json; charset=utf-8',
      },
    });
    expect(merge.status).toBe(201);
    expect(await count('plain')).toBe(1);
  });

  it('replays a 4xx answer too, so a retry of a refused request is refused the same way', async () => {
    const bad = { ...expense('bad'), amount: '1.999' };
    const first = await post(users.key.billing_clerk, bad, 'k-bad');
    const again = await post(users.key.billing_clerk, bad, 'k-bad');
    expect(first.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('ignores an Idempotency-Key on a read: nothing is stored, a second read answers afresh', async () => {
    const keysBefore = (await database.db.select().from(idempotencyKeys)).length;
    const first = await call<Record<string, unknown>>(app, 'GET', '/payments', {
      key: users.key.collector,
      headers: { 'idempotency-key': 'k-read' },
    });
    const second = await call<Record<string, unknown>>(app, 'GET', '/payments', {
      key: users.key.collector,
      headers: { 'idempotency-key': 'k-read' },
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect((await database.db.select().from(idempotencyKeys)).length).toBe(keysBefore);
  });

  it('answers 400 INVALID_IDEMPOTENCY_KEY when the key is empty or too long', async () => {
    const res = await post(users.key.billing_clerk, expense('badkey'), 'x'.repeat(256));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_IDEMPOTENCY_KEY' });
  });

  it('has exactly one effect when 100 identical POSTs with one key arrive at once; the others replay it or are told it is running', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => post(users.key.billing_clerk, expense('concurrent'), 'k-concurrent')),
    );
    expect(await count('concurrent')).toBe(1);
    const originals = replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    const replays = replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === 'true');
    const running = replies.filter((r) => r.status === 409);
    expect(originals).toHaveLength(1);
    expect(replays.length + running.length).toBe(99);
    for (const r of replays) expect(r.body).toEqual(originals[0]!.body);
    for (const r of running) expect(r.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('has exactly one effect when 100 identical time-entry imports with one key arrive at once', async () => {
    const body = [
      { person: 'P-A', project: 'PR-A', date: '2026-11-20', hours: '1.25', description: 'concurrent import' },
    ];
    const replies = await Promise.all(
      Array.from({ length: 100 }, () =>
        call(app, 'POST', '/time-entries', {
          key: users.key.billing_clerk,
          body,
          headers: { 'idempotency-key': 'k-time' },
        }),
      ),
    );
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM time_entries WHERE description = 'concurrent import'`,
    );
    expect(row!.n).toBe(1);
    expect(replies.every((r) => r.status === 201 || r.status === 409)).toBe(true);
  });
});

describe(`Idempotency-Key on POST /time-entries (a catalogue call: claim, writes, audit row and stored Result in one transaction) on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  const entries = (description: string, person = 'P-A') => [
    { person, project: 'PR-A', date: '2026-11-21', hours: '1', description },
  ];
  const count = async (description: string) =>
    Number(
      (
        await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM time_entries WHERE description = ${description}`,
        )
      )[0]!.n,
    );
  const post = (body: unknown, idem?: string) =>
    call<Record<string, unknown>>(app, 'POST', '/time-entries', {
      key: users.key.billing_clerk,
      body,
      headers: idem ? { 'idempotency-key': idem } : {},
    });
  const stored = async (key: string) =>
    queryRows<{ status: string; response_status: number | null }>(
      database.db,
      sql`SELECT status, response_status FROM idempotency_keys WHERE key = ${key}`,
    );

  beforeAll(async () => ({ database, app, users } = await openFirm()));
  afterAll(async () => database?.close());

  it('replays the first answer for the same key and body, and commits the key completed with the entries', async () => {
    const first = await post(entries('tx-replay'), 'tx-k1');
    const again = await post(entries('tx-replay'), 'tx-k1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('tx-replay')).toBe(1);
    // The catalogue stores the call's Result (the route turns it into the 201), not the HTTP response.
    expect(await stored('tx-k1')).toEqual([{ status: 'completed', response_status: null }]);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body, writing nothing', async () => {
    await post(entries('tx-reuse-1'), 'tx-k2');
    const other = await post(entries('tx-reuse-2'), 'tx-k2');
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await count('tx-reuse-2')).toBe(0);
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS while the key is claimed and not completed', async () => {
    const userId = users.ids[users.email('billing_clerk')]!;
    const actor = { userId, roles: ['billing_clerk' as const], entityIds: null, onBehalfOf: null };
    const hash = callHash(
      timeEntriesImport as unknown as AnyTool,
      { actor, correlationId: 't', now: new Date(), deps: { database, now: () => new Date() } } as ToolCaller,
      timeEntriesImport.input.parse({ entries: entries('tx-running') }),
    );
    await database.db.insert(idempotencyKeys).values({ userId, key: 'tx-k3', requestHash: hash });
    const res = await post(entries('tx-running'), 'tx-k3');
    expect([res.status, res.body.code]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
    expect(await count('tx-running')).toBe(0);
  });

  it('stores a refused import (422) for replay and writes no entry', async () => {
    const first = await post(entries('tx-refused', 'P-NOBODY'), 'tx-k4');
    const again = await post(entries('tx-refused', 'P-NOBODY'), 'tx-k4');
    expect([first.status, first.body.code]).toEqual([422, 'IMPORT_REJECTED']);
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await stored('tx-k4')).toEqual([{ status: 'completed', response_status: null }]);
    expect(await count('tx-refused')).toBe(0);
  });

  it('replays the first import when it is sent again, though the entries it imported would now refuse it', async () => {
    const body = [{ ...entries('tx-external')[0]!, externalId: 'EXT-REPLAY-1' }];
    const first = await post(body, 'tx-k5');
    const again = await post(body, 'tx-k5');
    const otherKey = await post(body, 'tx-k6');
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);
    expect([otherKey.status, otherKey.body.code]).toEqual([422, 'IMPORT_REJECTED']);
    expect(await count('tx-external')).toBe(1);
  });

  it('answers imports racing for one external id with one 201 and 422s naming it, never a 500', async () => {
    const body = [{ ...entries('tx-race')[0]!, externalId: 'EXT-RACE-1' }];
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => post(body, `tx-race-${i}`)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(422)]);
    for (const r of replies.filter((x) => x.status === 422)) {
      expect(r.body).toMatchObject({
        code: 'IMPORT_REJECTED',
        details: { errors: [{ index: 0, message: 'external_id "EXT-RACE-1" was already imported' }] },
      });
    }
    expect(await count('tx-race')).toBe(1);
  });

  it('refuses an import that gives one external id twice with a 422 naming the second, writing nothing', async () => {
    const row = { ...entries('tx-twice')[0]!, externalId: 'EXT-TWICE-1' };
    const res = await post([row, row]);
    expect([res.status, res.body]).toEqual([
      422,
      expect.objectContaining({
        code: 'IMPORT_REJECTED',
        details: { errors: [{ index: 1, message: 'external_id "EXT-TWICE-1" appears more than once in this import' }] },
      }),
    ]);
    expect(await count('tx-twice')).toBe(0);
  });

  it('runs without a key, and keeps every import with its audit row', async () => {
    const res = await post(entries('tx-nokey'));
    expect(res.status).toBe(201);
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'time_entries.import' AND target_id = ${`${(res.body.ids as number[])[0]}..${(res.body.ids as number[])[0]}`}`,
    );
    expect(row!.n).toBe(1);
  });
});
