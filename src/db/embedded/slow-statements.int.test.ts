import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../client.ts';

/**
 * The embedded server runs one statement at a time for every connection, so a long statement holds
 * every request: it names each one that held the engine past the threshold (main.ts logs them).
 */
// The embedded server is its own folder, so this runs the same beside either database under test.
describe('embedded server: statements that hold the engine', () => {
  let folder: string;
  let database: Database;
  const slow: { ms: number; statement: string }[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-slow-'));
    database = await openDatabase({
      dataDir: path.join(folder, 'data'),
      serve: true,
      slowStatementMs: 250,
      holder: { role: 'server', command: 'test' },
    });
    // The engine's own upkeep (VACUUM (ANALYZE) of tables after writes) is reported too; not what this checks.
    database.onSlowStatement!((ms, statement) => {
      if (!statement.endsWith('(upkeep)')) slow.push({ ms, statement });
    });
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('reports a statement over the threshold with its text and no parameter value, and not a quick one', async () => {
    await queryRows(database.db, sql`SELECT 1 AS quick`);
    await queryRows(database.db, sql`SELECT pg_sleep(0.4), ${'secret-parameter-value'}::text AS v`);
    await new Promise((r) => setTimeout(r, 50)); // the report crosses from the engine's thread
    expect(slow.map((s) => s.statement)).not.toContain('SELECT 1 AS quick');
    expect(slow).toHaveLength(1);
    expect(slow[0]!.ms).toBeGreaterThanOrEqual(250);
    expect(slow[0]!.statement).toMatch(/^SELECT pg_sleep\(0\.4\), \$1::text AS v$/);
    expect(slow[0]!.statement).not.toContain('secret-parameter-value');
  });

  it('reports a transaction that held the engine between quick statements, named by its first statement', async () => {
    slow.length = 0;
    await database.db.transaction(async (tx) => {
      await queryRows(tx, sql`SELECT 2 AS first_in_transaction`);
      await new Promise((r) => setTimeout(r, 400)); // the client thinks; every other connection waits
      await queryRows(tx, sql`SELECT 3 AS second_in_transaction`);
    });
    await queryRows(database.db, sql`SELECT 4 AS after`);
    await new Promise((r) => setTimeout(r, 50));
    expect(slow).toHaveLength(1);
    expect(slow[0]!.ms).toBeGreaterThanOrEqual(400);
    const m = /^transaction of \d+ statements \(engine busy (\d+) ms\): SELECT 2 AS first_in_transaction$/.exec(
      slow[0]!.statement,
    );
    expect(m).not.toBeNull();
    // The engine waited for the client's thinking, not worked: busy is a small part of the hold.
    expect(Number(m![1])).toBeLessThan(200);
  });
});
