import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from './serve-embedded.ts';

/**
 * PostgreSQL's autovacuum keeps the planner's statistics; the embedded engine has none, so the
 * embedded server analyzes (and vacuums) its tables itself once enough was written and writes pause.
 */
// Its own folder and engine, so this runs the same beside either database under test.
describe('embedded server: statistics upkeep', () => {
  let folder: string;
  let server: EmbeddedServer;
  let client: pg.Client;
  const upkept: string[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-upkeep-'));
    server = await startEmbeddedServer(path.join(folder, 'data'), {
      analyzeAfterWrites: 20,
      analyzeQuietMs: 200,
      slowUnitMs: 0, // every unit is reported: the upkeep's turns among them
    });
    server.onSlowStatement((_ms, statement) => {
      const m = /^VACUUM \(ANALYZE\) (.+) \(upkeep\)$/.exec(statement);
      if (m) upkept.push(m[1]!);
    });
    client = new pg.Client({ host: server.socketDir, user: 'postgres', database: 'postgres' });
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const reltuples = async (table: string) =>
    Number((await client.query('SELECT reltuples FROM pg_class WHERE relname = $1', [table])).rows[0].reltuples);

  it('analyzes a table once enough rows were written and writing paused', async () => {
    await client.query('CREATE TABLE upkept (id int PRIMARY KEY, kind text)');
    // A new table has no statistics: the planner guesses from its size on disk.
    expect(await reltuples('upkept')).toBeLessThan(0);
    // The 30 writes in one transaction: on a busy machine a pause of more than analyzeQuietMs between two of them
    // would let a pass analyze part of the rows, and the writes after it (under the threshold) start no other.
    await client.query('BEGIN');
    for (let i = 0; i < 30; i++)
      await client.query('INSERT INTO upkept SELECT g, $2 FROM generate_series($1::int, $1::int + 99) g', [
        i * 100,
        i % 2 ? 'odd' : 'even',
      ]);
    await client.query('COMMIT');
    let seen = -1;
    for (const until = Date.now() + 10_000; Date.now() < until && seen !== 3000; ) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await reltuples('upkept');
    }
    expect(seen).toBe(3000);
    // ANALYZE ran: the column's statistics are there for the planner.
    const { rows } = await client.query(
      `SELECT n_distinct::float8 AS n FROM pg_stats WHERE tablename = 'upkept' AND attname = 'kind'`,
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('keeps up only the tables written since the last pass', async () => {
    await client.query('CREATE TABLE written (id int)');
    await client.query('CREATE TABLE "Quiet" (id int)');
    await new Promise((r) => setTimeout(r, 600)); // any pass under way ends
    upkept.length = 0;
    for (let i = 0; i < 25; i++) await client.query('INSERT INTO written VALUES ($1)', [i]);
    for (const until = Date.now() + 10_000; Date.now() < until && !upkept.includes('public.written'); )
      await new Promise((r) => setTimeout(r, 100));
    expect(upkept).toContain('public.written');
    expect(upkept).not.toContain('public.Quiet');
    expect(upkept).not.toContain('public.upkept');
  });

  it('counts every write of a script, also after kilobytes of values', async () => {
    await client.query('CREATE TABLE scripted (id int, note text)');
    await new Promise((r) => setTimeout(r, 600)); // any pass under way ends
    upkept.length = 0;
    // Four scripts of six writes each (24, over the threshold of 20), each write behind 10 KB of
    // literal text: counted once per script, four would never reach it.
    const pad = `'${'x'.repeat(10_000)}'`;
    const script = Array.from({ length: 6 }, (_, i) => `INSERT INTO scripted VALUES (${i}, ${pad})`).join(';\n');
    for (let i = 0; i < 4; i++) await client.query(script);
    for (const until = Date.now() + 10_000; Date.now() < until && !upkept.includes('public.scripted'); )
      await new Promise((r) => setTimeout(r, 100));
    expect(upkept).toContain('public.scripted');
  });

  it('runs no upkeep inside a transaction a client holds open', async () => {
    await client.query('CREATE TABLE held (id int)');
    await client.query('BEGIN');
    for (let i = 0; i < 30; i++) await client.query('INSERT INTO held VALUES ($1)', [i]);
    await new Promise((r) => setTimeout(r, 800)); // past the quiet time, transaction still open
    // Still one transaction: the rows are ours alone, and rolling back leaves nothing.
    await client.query('ROLLBACK');
    expect(Number((await client.query('SELECT count(*)::int AS n FROM held')).rows[0].n)).toBe(0);
  });
});
