import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { call, createTestUsers, type TestUsers } from '../../test/helpers/api.ts';
import { loadTwoEntityFirm } from '../../test/helpers/two-entity-firm.ts';
import type { Database } from '../db/client.ts';
import { createLogger } from '../shared/log.ts';
import { createApp } from './app.ts';

describe(`request log lines on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  const lines: string[] = [];
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    const log = createLogger('info', (l) => void lines.push(l));
    app = createApp({ database, log: (msg, meta) => log.error(msg, meta), requestLog: log });
  });
  afterAll(async () => database?.close());

  it('writes one line per request with its request id, and never the key that authenticated it', async () => {
    const key = users.key.controller;
    const wrong = `bc_${'x'.repeat(43)}`;
    const replies = [
      await call(app, 'GET', '/clients', { key }),
      await call(app, 'GET', '/clients?limit=5', { key, headers: { 'x-request-id': 'trace-abc' } }),
      await call(app, 'GET', '/clients', { key: wrong }),
      await call(app, 'POST', '/clients', { key, body: { code: 'NEW', name: 'New client', note: key } }),
    ];
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = parsed.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(replies.length);
    expect(requests.map((l) => l.requestId)).toEqual(replies.map((r) => r.headers.get('x-request-id')));
    expect(requests[1]).toMatchObject({
      requestId: 'trace-abc',
      method: 'GET',
      path: '/clients',
      status: 200,
      userId: users.ids['controller@test.example'],
    });
    expect(requests[2]).toMatchObject({ status: 401, userId: null });
    for (const line of lines) {
      expect(line).not.toContain(key);
      expect(line).not.toContain(wrong);
      expect(line).toMatch(/"requestId":"[^"]+"/);
    }
  });

  it('carries the request id on an error line too, and leaves the thread without an AsyncLocalStorage', async () => {
    lines.length = 0;
    const broken = createApp({
      database: {
        ...database,
        db: new Proxy(database.db, {
          get: (t, k) =>
            k === 'select'
              ? () => {
                  throw new Error('the database went away');
                }
              : Reflect.get(t, k),
        }),
      },
      log: (msg, meta) => createLogger('info', (l) => void lines.push(l)).error(msg, meta),
    });
    const r = await call(broken, 'GET', '/clients', {
      key: users.key.controller,
      headers: { 'x-request-id': 'trace-err' },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => l.msg === 'unhandled error')).toHaveLength(1);
    for (const line of parsed) expect(line.requestId).toBe('trace-err');
    // Once any AsyncLocalStorage runs in a thread, Node 20 hooks every promise made after it (each gets its async
    // ids as symbol properties): 10-14% of the API's CPU per request. The request path never enables one.
    expect(Object.getOwnPropertySymbols(Promise.resolve())).toEqual([]);
  });
});
