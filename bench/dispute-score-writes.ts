/**
 * bench/dispute-score-writes: what storing and reading dispute scores costs the PostgreSQL server,
 * apart from reading the ledger and scoring. Loads bench/prioritize's data (`--invoices N`, a tenth as
 * many clients) into a database it creates and drops; then, `--runs` times (default 2, the table
 * truncated before each), writes a score for every invoice with writeDisputeScores in batches of
 * 20,000 in client order (as a backfill's chunks come) and reads them back the way every night reads
 * a chunk's scores (disputeScoresOf, the same batches). Prints wall time and the CPU time of this
 * process and of the database's server processes for each. (Until 2026-12-06 it compared a COPY path
 * of the writes with the array parameters; COPY saved nothing and was removed.) Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/dispute-score-writes.ts [--invoices N] [--runs N]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { type Database, migrateDatabase, openDatabase, queryRows } from '../src/db/client.ts';
import { currentRiskModel, writeDisputeScores } from '../src/db/stores/dispute-scores-store.ts';
import { disputeScoresOf } from '../src/db/stores/worklist-store.ts';
import { prng } from '../src/shared/prng.ts';
import { loadCollections } from './lib/collections-data.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '400000' },
    runs: { type: 'string', default: '2' },
  },
});
const BATCH = 20_000;

/** CPU seconds used so far by this database's server processes (this machine, Linux). */
async function serverCpuSeconds(database: Database): Promise<number> {
  const pids = await queryRows<{ pid: number }>(
    database.db,
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  return pids.reduce((sum, { pid }) => {
    // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}

const url = loadConfig().DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL (a PostgreSQL server on this machine)');
const invoices = Number(values.invoices);
const name = `bench_score_writes_${Date.now()}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const database = await openDatabase({
  databaseUrl: Object.assign(new URL(url), { pathname: `/${name}` }).toString(),
  poolSize: 4,
});
try {
  await migrateDatabase(database);
  const loaded = await loadCollections(database, Math.max(1, Math.round(invoices / 10)), invoices);
  const key = (await currentRiskModel(database.db))!;
  const ids = await queryRows<{ id: string }>(database.db, sql`SELECT id FROM invoices ORDER BY client_id, id`);
  const rnd = prng(5);
  const scores = ids.map(({ id }) => ({ invoiceId: id, probability: rnd() }));
  await database.openConnections();
  console.log(`bench/dispute-score-writes  node ${process.version}  ${new Date().toISOString()}`);
  console.log(`${invoices.toLocaleString('en-US')} invoices loaded in ${loaded.toFixed(1)} s; batches of ${BATCH}`);
  /** Times `work` (wall, this process's CPU, the server's) and prints it as `what`. */
  const timed = async (what: string, work: () => Promise<number>) => {
    const load0 = loadavg()[0]!.toFixed(1);
    const server0 = await serverCpuSeconds(database);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const count = await work();
    const seconds = (performance.now() - t0) / 1000;
    const server = (await serverCpuSeconds(database)) - server0;
    const cpu = ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu0));
    const load = `load ${load0}-${loadavg()[0]!.toFixed(1)}`;
    console.log(
      `  ${what.padEnd(6)} ${count.toLocaleString('en-US')} scores  ${seconds.toFixed(2)} s  ` +
        `CPU: process ${cpu.toFixed(2)} s, server ${server.toFixed(2)} s  ${load}`,
    );
  };
  for (let run = 0; run < Number(values.runs); run++) {
    await database.db.execute(sql`TRUNCATE invoice_dispute_scores`);
    await timed('write', async () => {
      let written = 0;
      for (let i = 0; i < scores.length; i += BATCH)
        written += await writeDisputeScores(database.db, key, scores.slice(i, i + BATCH), new Date());
      return written;
    });
    await database.db.execute(sql`ANALYZE invoice_dispute_scores`);
    await timed('read', async () => {
      let read = 0;
      for (let i = 0; i < ids.length; i += BATCH)
        read += (
          await disputeScoresOf(
            database.db,
            key,
            ids.slice(i, i + BATCH).map((r) => r.id),
          )
        ).size;
      return read;
    });
  }
} finally {
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
