import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from './serve-embedded.ts';

/**
 * The embedded server runs one connection's transaction at a time. A connection that sent BEGIN
 * and is still sending its first statement (a large parameter takes a while) must not hold every
 * other connection meanwhile: BEGIN is answered at once and run just before that statement.
 */
// Its own folder and engine, so this runs the same beside either database under test.
describe('embedded server: BEGIN deferred to the first statement', () => {
  let folder: string;
  let server: EmbeddedServer;
  const clients: pg.Client[] = [];

  const connect = async () => {
    const c = new pg.Client({ host: server.socketDir, user: 'postgres', database: 'postgres' });
    await c.connect();
    clients.push(c);
    return c;
  };
  /** The query's result, or 'blocked' when it has not answered within ms. */
  const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), ms))]);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-begin-'));
    server = await startEmbeddedServer(path.join(folder, 'data'));
    const c = await connect();
    await c.query('CREATE TABLE t (id int PRIMARY KEY, body text)');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('lets other connections run while a transaction has only sent BEGIN', async () => {
    const a = await connect();
    const b = await connect();
    await a.query('BEGIN');
    // Run at BEGIN, the engine would now be a's alone and b would wait until a commits.
    const answer = await within(
      b.query('SELECT 1 AS n').then((r) => r.rows[0].n as number),
      2_000,
    );
    expect(answer).toBe(1);
    await a.query('COMMIT');
  });

  it('keeps the transaction whole: isolated from others until commit, undone by rollback', async () => {
    const a = await connect();
    const b = await connect();
    const count = async () => Number((await b.query('SELECT count(*)::int AS n FROM t')).rows[0].n);
    const before = await count();

    expect((await a.query('BEGIN')).command).toBe('BEGIN');
    await a.query('INSERT INTO t VALUES (1, $1)', ['one']);
    expect(String((await a.query('SELECT txid_current_if_assigned() IS NOT NULL AS open')).rows[0].open)).toBe('true');
    // b waits while a's transaction holds the engine, then sees nothing of it once a rolls back.
    const seen = count();
    expect(await within(seen, 300)).toBe('blocked');
    await a.query('ROLLBACK');
    expect(await seen).toBe(before);

    await a.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await a.query('INSERT INTO t VALUES (2, $1)', ['two']);
    await a.query('COMMIT');
    expect(await count()).toBe(before + 1);
  });

  it('runs BEGIN with other statements in one query as it is (no deferral)', async () => {
    const a = await connect();
    await a.query('BEGIN; INSERT INTO t VALUES (3, $$three$$)');
    await a.query('ROLLBACK');
    const b = await connect();
    expect((await b.query('SELECT count(*)::int AS n FROM t WHERE id = 3')).rows[0].n).toBe(0);
  });

  it('commits an empty transaction', async () => {
    const a = await connect();
    await a.query('BEGIN');
    expect((await a.query('COMMIT')).command).toBe('COMMIT');
    expect((await a.query('SELECT 5 AS n')).rows[0].n).toBe(5);
  });

  it('rolls back the transaction of a client that went away, and serves the others after it', async () => {
    const a = await connect();
    const b = await connect();
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (10, $1)', ['left behind']);
    // a's socket closes with its transaction open (a crashed CLI, a killed request).
    a.on('error', () => undefined);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const seen = await within(
      b.query('SELECT count(*)::int AS n FROM t WHERE id = 10').then((r) => r.rows[0].n as number),
      5_000,
    );
    expect(seen).toBe(0);
  });

  it('carries a parameter of several megabytes whole, inside a transaction, while others keep running', async () => {
    const a = await connect();
    const b = await connect();
    const body = 'x'.repeat(3 * 1024 * 1024 - 7) + 'the end';
    await a.query('BEGIN');
    const insert = a.query('INSERT INTO t VALUES (4, $1)', [body]);
    expect((await b.query('SELECT 6 AS n')).rows[0].n).toBe(6);
    await insert;
    await a.query('COMMIT');
    const { rows } = await b.query('SELECT length(body) AS n, right(body, 7) AS tail FROM t WHERE id = 4');
    expect(rows[0]).toEqual({ n: body.length, tail: 'the end' });
  });
});
