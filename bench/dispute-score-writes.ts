/**
 * bench/dispute-score-writes: what storing dispute scores costs the PostgreSQL server, apart from
 * reading the ledger and scoring. Loads bench/prioritize's data (`--invoices N`, a tenth as many
 * clients) into a database it creates and drops, then writes a score for every invoice with
 * writeDisputeScores in batches of 20,000 in client order (as a backfill's chunks come), once per
 * path named in `--paths` (default copy,arrays,arrays,copy; the table truncated before each):
 * `copy` through the pool (COPY into a temporary table on a server), `arrays` on a transaction's
 * handle (array parameters, what PGlite and a posting use). Prints wall time and the CPU time of
 * this process and of the database's server processes. Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/dispute-score-writes.ts [--invoices N] [--paths copy,arrays]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { type Database, migrateDatabase, openDatabase, queryRows } from '../src/db/client.ts';
import { currentRiskModel, writeDisputeScores } from '../src/db/stores/dispute-scores-store.ts';
import { prng } from '../src/shared/prng.ts';
import { loadCollections } from './lib/collections-data.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '400000' },
    paths: { type: 'string', default: 'copy,arrays,arrays,copy' },
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
  for (const path of String(values.paths).split(',')) {
    await database.db.execute(sql`TRUNCATE invoice_dispute_scores`);
    const load0 = loadavg()[0]!.toFixed(1);
    const server0 = await serverCpuSeconds(database);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let written = 0;
    for (let i = 0; i < scores.length; i += BATCH) {
      const batch = scores.slice(i, i + BATCH);
      const at = new Date();
      written +=
        path === 'copy'
          ? await writeDisputeScores(database.db, key, batch, at)
          : await database.db.transaction((tx) => writeDisputeScores(tx, key, batch, at));
    }
    const seconds = (performance.now() - t0) / 1000;
    const server = (await serverCpuSeconds(database)) - server0;
    const cpu = ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu0));
    console.log(
      `  ${path.padEnd(7)} ${written.toLocaleString('en-US')} written  ${seconds.toFixed(2)} s  CPU: process ${cpu.toFixed(2)} s, server ${server.toFixed(2)} s  load ${load0}-${loadavg()[0]!.toFixed(1)}`,
    );
  }
} finally {
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
