/**
 * bench/durability-cost: what "201 means durable" costs. Commits one-statement audited writes (the
 * path POST /time-entries takes: asynchronous commit, then the shared flush barrier) in three ways
 * and prints the time per write: asynchronous commit with no wait (the baseline: fast, and lost by a
 * crash), each write waiting for the barrier alone, and 8 concurrent writers sharing barriers
 * (group commit, as the server runs). On a PGlite data folder on disk (in this thread, as the CLI
 * runs it, and served from a worker through its socket, as the server runs it), and on PostgreSQL
 * when DATABASE_URL is set. Usage: [DATABASE_URL=postgres://...] npx tsx bench/durability-cost.ts [--writes 2000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../src/db/client.ts';
import { commitInOneStatement, waitForFlush } from '../src/db/stores/audit-store.ts';
import { loadConfig } from '../src/config.ts';
import type { AuditEntry } from '../src/billing/audit/audit-row.ts';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '2000' } } });
const WRITES = Number(values.writes);

const entry = (i: number): AuditEntry => ({
  at: new Date(),
  actorId: 'bench',
  onBehalfOf: null,
  action: 'bench.write',
  targetType: 'bench',
  targetId: String(i),
  before: null,
  after: { i },
  decision: null,
  approvalRef: null,
  reason: null,
  correlationId: `bench-${i}`,
});

/** One audited write: a row in a scratch table and its audit row, committed as one statement (asynchronously). */
async function write(database: Database, i: number): Promise<void> {
  const row = await commitInOneStatement(database.db, {
    writes: [(gate) => sql`INSERT INTO bench_durability (i) SELECT ${i} WHERE ${gate} RETURNING i`],
    entry: entry(i),
    waitForFlush: false,
  });
  if (!row) throw new Error('not written');
}

async function measure(label: string, database: Database): Promise<void> {
  await database.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_durability (i int)`);
  const perWrite = async (fn: () => Promise<void>) => {
    const t0 = performance.now();
    await fn();
    return (performance.now() - t0) / WRITES;
  };
  let n = 0;
  // Warm-up (JIT, plan caches, the table's first pages), not measured.
  for (let i = 0; i < 300; i++) {
    await write(database, n++);
    await waitForFlush(database.db);
  }
  const asyncOnly = await perWrite(async () => {
    for (let i = 0; i < WRITES; i++) await write(database, n++);
  });
  const eachWaits = await perWrite(async () => {
    for (let i = 0; i < WRITES; i++) {
      await write(database, n++);
      await waitForFlush(database.db);
    }
  });
  const grouped = await perWrite(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < WRITES) {
          next++;
          await write(database, n++);
          await waitForFlush(database.db);
        }
      }),
    );
  });
  console.log(`\n${label}, ${WRITES.toLocaleString('en-US')} writes each`);
  console.log(`  asynchronous commit, no wait (baseline, not durable)   ${asyncOnly.toFixed(3)} ms/write`);
  console.log(
    `  each write waits for its own flush barrier             ${eachWaits.toFixed(3)} ms/write  (+${(eachWaits - asyncOnly).toFixed(3)} ms)`,
  );
  console.log(
    `  8 writers sharing flush barriers (group commit)        ${grouped.toFixed(3)} ms/write  (+${(grouped - asyncOnly).toFixed(3)} ms)`,
  );
}

console.log(
  `bench/durability-cost  node ${process.version}  ${new Date().toISOString()}  load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const served of [false, true]) {
  const dir = await mkdtemp(path.join(tmpdir(), 'bc-bench-dur-'));
  const database = await openDatabase({ dataDir: path.join(dir, 'data'), serve: served });
  try {
    await migrateDatabase(database);
    await database.publishSocket?.();
    await measure(
      served ? 'PGlite on disk, served from a worker (the server)' : 'PGlite on disk, in this thread (the CLI)',
      database,
    );
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}
const url = loadConfig().DATABASE_URL;
if (url) {
  const name = `bench_durability_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = await openDatabase({
    databaseUrl: Object.assign(new URL(url), { pathname: `/${name}` }).toString(),
    poolSize: 8,
  });
  try {
    await migrateDatabase(database);
    await measure(`PostgreSQL (${new URL(url).host})`, database);
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else console.log('\nPostgreSQL: skipped (set DATABASE_URL)');
