import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { queryRows, type Database } from '../../db/client.ts';
import { recordJobFailure } from '../../db/stores/job-failure-store.ts';

describe(`job failures and chat links over the API on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
    for (const [attempt, objectId] of [
      [1, 'doc-1'],
      [2, 'doc-1'],
      [1, 'doc-2'],
    ] as const) {
      await recordJobFailure(database.db, {
        queue: 'document.process',
        jobId: `job-${objectId}`,
        attempt,
        willRetry: attempt < 2,
        retryAt: null,
        objectType: 'document',
        objectId,
        actedAs: 'service:job-worker',
        error: `boom ${attempt}`,
      });
    }
  });
  afterAll(async () => database?.close());

  it('lists the failures of one object, newest first, and only final ones when asked', async () => {
    const r = await call<{
      items: { attempt: number; object: unknown; actedAs: string; willRetry: boolean }[];
      page: { total: number };
    }>(app, 'GET', '/jobs/failures?objectType=document&objectId=doc-1', { key: users.key.controller });
    expect(r.status).toBe(200);
    expect(r.body.page.total).toBe(2);
    expect(r.body.items.map((i) => i.attempt)).toEqual([2, 1]);
    expect(r.body.items[0]).toMatchObject({
      object: { type: 'document', id: 'doc-1' },
      actedAs: 'service:job-worker',
      willRetry: false,
    });
    const final = await call<{ items: { object: { id: string } }[] }>(app, 'GET', '/jobs/failures?final=true', {
      key: users.key.auditor,
    });
    expect(final.body.items.map((i) => i.object.id)).toEqual(['doc-1']);
    expect((await call(app, 'GET', '/jobs/failures', { key: users.key.collector })).status).toBe(403);
    expect((await call(app, 'GET', '/jobs/failures', { key: users.scopedKey.controller })).status).toBe(403);
  });

  it('links and unlinks a chat id as the finance admin, audited as that user', async () => {
    const email = users.email('controller');
    const link = await call(app, 'POST', '/users/chat-links', {
      key: users.key.finance_admin,
      body: { email, provider: 'slack', externalId: 'U0CTL', workspaceId: 'T1' },
    });
    expect(link).toMatchObject({
      status: 200,
      body: { email, provider: 'slack', externalId: 'U0CTL', workspaceId: 'T1' },
    });
    const taken = await call(app, 'POST', '/users/chat-links', {
      key: users.key.finance_admin,
      body: { email: users.email('collector'), provider: 'slack', externalId: 'U0CTL', workspaceId: 'T1' },
    });
    expect(taken).toMatchObject({ status: 409, body: { code: 'CHAT_ID_TAKEN' } });
    expect(
      (
        await call(app, 'POST', '/users/chat-links', {
          key: users.key.controller,
          body: { email, provider: 'teams', externalId: 'x' },
        })
      ).status,
    ).toBe(403);
    const listed = await call<{ items: unknown[] }>(app, 'GET', '/users/chat-links', { key: users.key.auditor });
    expect(listed.body.items).toEqual([expect.objectContaining({ email, provider: 'slack', externalId: 'U0CTL' })]);
    expect(
      (
        await call(app, 'POST', '/users/chat-links/unlink', {
          key: users.key.finance_admin,
          body: { email, provider: 'slack', workspaceId: 'T1' },
        })
      ).status,
    ).toBe(200);
    expect(
      await call(app, 'POST', '/users/chat-links/unlink', {
        key: users.key.finance_admin,
        body: { email, provider: 'slack', workspaceId: 'T1' },
      }),
    ).toMatchObject({ status: 404, body: { code: 'CHAT_LINK_NOT_FOUND' } });
    const audit = await queryRows<{ actor_id: string; action: string }>(
      database.db,
      sql`SELECT actor_id, action FROM audit_log WHERE action LIKE 'user.%link_chat' ORDER BY seq`,
    );
    expect(audit).toEqual([
      { actor_id: users.ids[users.email('finance_admin')], action: 'user.link_chat' },
      { actor_id: users.ids[users.email('finance_admin')], action: 'user.unlink_chat' },
    ]);
  });

  it('lists users with scopes and key prefixes, never a key, in pages, for the finance admin and auditor firm-wide', async () => {
    type Users = {
      items: { email: string; roles: string[]; entities: string[] | null; keys: { prefix: string }[] }[];
      page: { total: number; nextOffset: number | null };
    };
    const all = await call<Users>(app, 'GET', '/users?limit=200', { key: users.key.auditor });
    expect(all.status).toBe(200);
    expect(JSON.stringify(all.body)).not.toContain(users.key.controller);
    expect(all.body.items.map((u) => u.email)).toEqual(all.body.items.map((u) => u.email).sort());
    expect(all.body.items.find((u) => u.email === users.email('controller', true))).toMatchObject({
      roles: ['controller'],
      entities: ['LE-B'],
      keys: [{ prefix: users.scopedKey.controller.slice(0, 10) }],
    });
    const first = await call<Users>(app, 'GET', '/users?limit=2', { key: users.key.finance_admin });
    expect(first.body.items.map((u) => u.email)).toEqual(all.body.items.slice(0, 2).map((u) => u.email));
    expect(first.body.page).toMatchObject({ total: all.body.items.length, nextOffset: 2 });
    expect((await call(app, 'GET', '/users', { key: users.key.controller })).status).toBe(403);
    expect(await call(app, 'GET', '/users', { key: users.scopedKey.auditor })).toMatchObject({
      status: 403,
      body: { code: 'ENTITY_OUT_OF_SCOPE' },
    });
    expect((await call(app, 'GET', '/users/chat-links', { key: users.scopedKey.finance_admin })).status).toBe(403);
  });

  it('filters the audit trail by a service identity', async () => {
    expect((await call(app, 'GET', '/audit?actor=service:job-worker', { key: users.key.auditor })).status).toBe(200);
    expect((await call(app, 'GET', '/audit?actor=service', { key: users.key.auditor })).status).toBe(400);
  });
});
