import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from './serve-embedded.ts';

/**
 * Every connection of the embedded socket shares PGlite's one session, so the server makes each
 * connection's prepared statement names its own: two connections may prepare one name with different
 * texts, each runs its own, a slow one is reported by its text, and a connection's statements go with it.
 */
// The embedded server is its own folder, so this runs the same beside either database under test.
describe('embedded server: named prepared statements per connection', () => {
  let folder: string;
  let server: EmbeddedServer;
  const slow: string[] = [];
  const connect = async () => {
    const client = new pg.Client({ host: server.socketDir, user: 'postgres', database: 'postgres' });
    await client.connect();
    return client;
  };
  const ours = async (client: pg.Client) =>
    (
      await client.query<{ name: string; statement: string }>(
        `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'c%:bc_probe' ORDER BY name`,
      )
    ).rows;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-named-'));
    server = await startEmbeddedServer(path.join(folder, 'data'), { slowUnitMs: 250 });
    server.onSlowStatement((_ms, statement) => {
      if (!statement.endsWith('(upkeep)')) slow.push(statement);
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('keeps one name apart on two connections, runs each again without a Parse, and drops them on close', async () => {
    const a = await connect();
    const b = await connect();
    try {
      const run = (c: pg.Client, text: string, v: number) =>
        c.query<{ answer: number }>({ name: 'bc_probe', text, values: [v] });
      expect((await run(a, 'SELECT $1::int + 1 AS answer', 1)).rows).toEqual([{ answer: 2 }]);
      expect((await run(b, 'SELECT $1::int * 10 AS answer', 2)).rows).toEqual([{ answer: 20 }]);
      // pg sends only a Bind now (it parsed the name on this connection): each gets its own statement back.
      expect((await run(a, 'SELECT $1::int + 1 AS answer', 5)).rows).toEqual([{ answer: 6 }]);
      expect((await run(b, 'SELECT $1::int * 10 AS answer', 5)).rows).toEqual([{ answer: 50 }]);
      expect((await ours(a)).map((r) => r.statement).sort()).toEqual([
        'SELECT $1::int * 10 AS answer',
        'SELECT $1::int + 1 AS answer',
      ]);
    } finally {
      await b.end();
    }
    // b's statement is deallocated once b has gone (queued after it: poll a little).
    let left = await ours(a);
    for (let i = 0; i < 50 && left.length > 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
      left = await ours(a);
    }
    expect(left.map((r) => r.statement)).toEqual(['SELECT $1::int + 1 AS answer']);
    await a.end();
  });

  it('names a slow run of a statement parsed earlier by its text', async () => {
    const c = await connect();
    try {
      const q = { name: 'bc_sleepy', text: 'SELECT pg_sleep($1::float8) AS slept_on_purpose' };
      await c.query({ ...q, values: [0] });
      slow.length = 0;
      await c.query({ ...q, values: [0.4] });
      await new Promise((r) => setTimeout(r, 50)); // the report crosses from the engine's thread
      expect(slow).toEqual(['SELECT pg_sleep($1::float8) AS slept_on_purpose']);
    } finally {
      await c.end();
    }
  });
});
