/**
 * bench/prioritize: the nightly collections prioritization (`prioritizeCollections`, the tool the
 * job and `collections prioritize` run) over 1,000,000 open invoices across 100,000 clients on
 * PostgreSQL, beside one aggregate scan of the same invoices table measured in the same run, with
 * the peak RSS of this process; then 100,000 invoices on embedded PGlite. Data is loaded set-based
 * (INSERT ... SELECT generate_series) into a database this bench creates and drops. It runs
 * `--nights` consecutive dates (default 2): the first night after the model was stored computes and
 * stores every open invoice's dispute score at issue (the backfill), later nights read them. With
 * `--backfill` the scores are stored first by `risk_scores_backfill` (what `models train` and the
 * daily risk.scores_backfill job run), timed on its own, so every night reads them (`--backfill --nights 0`: the
 * backfill alone, to measure it at a size whose nights would take too long). `--staged`: on a server too, stage
 * the rows and rank them in SQL, as before rows were written once. `--floor`: after each night, the floor of a set-based
 * night (bench/lib/set-based-floor.ts: the ledger read, ranked by a window function and inserted into the worklist in one
 * statement, no scoring, rolled back), timed with its server CPU beside the night and the scan. Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/prioritize.ts [--invoices N] [--clients N] [--pglite-invoices N] [--nights N] [--backfill] [--client-batch N] [--staged] [--floor] [--skip-pglite]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { type Database, migrateDatabase, openDatabase, queryRows } from '../src/db/client.ts';
import { serviceActor } from '../src/policy/service-identities.ts';
import { addDays } from '../src/shared/dates.ts';
import { AS_OF, loadCollections as load } from './lib/collections-data.ts';
import { setBasedFloor } from './lib/set-based-floor.ts';
import { backfillDisputeScores } from '../src/tools/collections/backfill-dispute-scores.ts';
import { prioritizeCollections } from '../src/tools/collections/prioritize-collections.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '100000' },
    'pglite-invoices': { type: 'string', default: '100000' },
    'skip-pglite': { type: 'boolean' },
    'skip-postgres': { type: 'boolean' },
    nights: { type: 'string', default: '2' },
    backfill: { type: 'boolean' },
    'client-batch': { type: 'string' },
    staged: { type: 'boolean' },
    floor: { type: 'boolean' },
  },
});

/** Samples RSS while fn runs; returns its result, seconds and peak RSS in MiB. */
async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; seconds: number; cpuSeconds: number; peakMiB: number }> {
  const cpu0 = process.cpuUsage();
  let peak = process.memoryUsage.rss();
  // memoryUsage.rss(), not memoryUsage(): the full call (heap statistics too) every 25 ms was 1.2% of the
  // process's samples in a night's profile, counted in the CPU figure this bench prints.
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  const t0 = performance.now();
  try {
    const result = await fn();
    return {
      result,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu0)),
      peakMiB: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/** The reference: one aggregate scan of the invoices table (open amount and the oldest due date per client). */
async function aggregateScan(database: Database): Promise<number> {
  const t0 = performance.now();
  await queryRows(
    database.db,
    sql`SELECT client_id, count(*), sum(total_minor), min(due_date) FROM invoices WHERE kind = 'invoice' GROUP BY client_id`,
  );
  return (performance.now() - t0) / 1000;
}

/** CPU seconds used so far by this database's server processes (PostgreSQL on this machine, Linux; null elsewhere). */
async function serverCpuSeconds(database: Database): Promise<number | null> {
  if (database.kind !== 'postgres') return null;
  const pids = await queryRows<{ pid: number }>(
    database.db,
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  try {
    return pids.reduce((sum, { pid }) => {
      // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / 100;
    }, 0);
  } catch {
    return null; // another machine's server
  }
}

/** Clients per chunk (`--client-batch`; default the job's: SERVER_CLIENT_BATCH on a server, CLIENT_BATCH on PGlite). */
const clientBatch = values['client-batch'] ? Number(values['client-batch']) : undefined;

const load1 = (): string => loadavg()[0]!.toFixed(1);

async function bench(label: string, database: Database, clients: number, invoices: number): Promise<void> {
  await migrateDatabase(database);
  process.stderr.write(`${label}: loading ${invoices.toLocaleString('en-US')} invoices...\n`);
  const loadSeconds = await load(database, clients, invoices);
  // The first scan after the load also sets the rows' hint bits; the second reads a settled table.
  const scanSeconds = await aggregateScan(database);
  const warmScanSeconds = await aggregateScan(database);
  process.stderr.write(
    `loaded in ${loadSeconds.toFixed(1)} s; aggregate scan ${scanSeconds.toFixed(2)} s, again ${warmScanSeconds.toFixed(2)} s; prioritizing...\n`,
  );
  if (values.backfill) await runBackfill(database, label, scanSeconds);
  for (let night = 0; night < Math.max(values.backfill ? 0 : 1, Number(values.nights)); night++) {
    const asOf = addDays(AS_OF, night);
    const what =
      night === 0 && !values.backfill
        ? 'first night: computes and stores the dispute scores'
        : 'reads the stored dispute scores';
    await runNight(database, `${label}, ${asOf} (${what})`, asOf, {
      clients,
      invoices,
      loadSeconds,
      scanSeconds,
      warmScanSeconds,
    });
  }
}

/** The backfill of the model's dispute scores ahead of the first night, measured, with the figures printed. */
async function runBackfill(database: Database, label: string, scanSeconds: number): Promise<void> {
  const ctx = { actor: serviceActor('scheduler'), correlationId: 'bench:backfill', now: new Date() };
  await database.openConnections();
  const loadBefore = load1();
  const server0 = await serverCpuSeconds(database);
  const run = await measure(async () => {
    const r = await backfillDisputeScores(database, ctx, { asOf: AS_OF });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  });
  const server1 = await serverCpuSeconds(database);
  const v = run.result;
  console.log(
    `\n${label}, backfill of the dispute scores as of ${AS_OF} (risk_scores_backfill, before the first night)`,
  );
  console.log(
    `  backfill                       ${run.seconds.toFixed(2)} s, ${v.stored.toLocaleString('en-US')} scores stored of ${v.open.toLocaleString('en-US')} open (${(run.seconds / scanSeconds).toFixed(1)}x the scan)`,
  );
  console.log(`  CPU time of this process       ${run.cpuSeconds.toFixed(2)} s`);
  if (server0 !== null && server1 !== null)
    console.log(`  CPU time of the server         ${(server1 - server0).toFixed(2)} s`);
  console.log(
    `  load average (1 min)           ${loadBefore} before, ${load1()} after; peak RSS ${run.peakMiB.toFixed(0)} MiB`,
  );
}

/** One prioritization run for `asOf`, measured and checked, with the figures printed. */
async function runNight(
  database: Database,
  label: string,
  asOf: string,
  base: { clients: number; invoices: number; loadSeconds: number; scanSeconds: number; warmScanSeconds: number },
): Promise<void> {
  const { clients, invoices, loadSeconds, scanSeconds, warmScanSeconds } = base;
  const ctx = { actor: serviceActor('scheduler'), correlationId: 'bench:prioritize', now: new Date() };
  // Every pool connection open before the run, so the server's CPU is counted over the same processes.
  await database.openConnections();
  const loadBefore = load1();
  const rssBefore = process.memoryUsage.rss() / 2 ** 20;
  const server0 = await serverCpuSeconds(database);
  const run = await measure(async () => {
    const r = await prioritizeCollections(
      database,
      ctx,
      { asOf },
      { staged: values.staged, ...(clientBatch ? { clientBatch } : {}) },
    );
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  });
  const server1 = await serverCpuSeconds(database);
  const loadAfter = load1();
  const [check] = await queryRows<{ n: number; ranks: number; top: number }>(
    database.db,
    sql`SELECT count(*)::int AS n, count(DISTINCT rank)::int AS ranks, max(rank)::int AS top FROM worklist_items WHERE run_id = ${run.result.runId}::uuid`,
  );
  const [scores] = await queryRows<{ counts: { read: number; computed: number } }>(
    database.db,
    sql`SELECT after->'disputeScores' AS counts FROM audit_log WHERE action = 'collections.prioritize' AND target_id = ${run.result.runId}`,
  );
  const ratio = run.seconds / scanSeconds;
  const warmRatio = run.seconds / warmScanSeconds;
  const s = run.result.summary;
  console.log(`\n${label}`);
  console.log(
    `  open invoices / clients        ${invoices.toLocaleString('en-US')} / ${clients.toLocaleString('en-US')}  (loaded in ${loadSeconds.toFixed(1)} s)`,
  );
  console.log(
    `  baseline: one aggregate scan   ${scanSeconds.toFixed(2)} s (first, after the load), ${warmScanSeconds.toFixed(2)} s (again)`,
  );
  console.log(
    `  prioritization run             ${run.seconds.toFixed(2)} s (${Math.round(invoices / run.seconds).toLocaleString('en-US')} invoices/s), goal < 60 s: ${run.seconds < 60 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  CPU time of this process       ${run.cpuSeconds.toFixed(2)} s (the rest is waiting on the database or for a core)`,
  );
  if (server0 !== null && server1 !== null)
    console.log(`  CPU time of the server         ${(server1 - server0).toFixed(2)} s (this database's connections)`);
  console.log(`  load average (1 min)           ${loadBefore} before, ${loadAfter} after (2 cores shared)`);
  console.log(
    `  run / scan                     ${ratio.toFixed(1)}x the first, ${warmRatio.toFixed(1)}x the second   (goal <= 10x: ${ratio <= 10 ? 'met' : 'NOT met'} / ${warmRatio <= 10 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  dispute scores at issue        ${scores!.counts.read.toLocaleString('en-US')} read, ${scores!.counts.computed.toLocaleString('en-US')} computed and stored`,
  );
  console.log(
    `  peak RSS of this process       ${run.peakMiB.toFixed(0)} MiB   (goal < 1024 MiB: ${run.peakMiB < 1024 ? 'met' : 'NOT met'}; ${rssBefore.toFixed(0)} MiB before the run)`,
  );
  console.log(
    `  worklist                       ${check!.n.toLocaleString('en-US')} items, ranks 1..${check!.top.toLocaleString('en-US')} (${check!.ranks === check!.n ? 'each once' : 'NOT distinct'}); by action ${JSON.stringify(s.byAction)}`,
  );
  if (values.floor) await runFloor(database, asOf, scanSeconds);
}

/** The floor of a set-based night on the same data (`--floor`), measured like the night, with the figures printed. */
async function runFloor(database: Database, asOf: string, scanSeconds: number): Promise<void> {
  const server0 = await serverCpuSeconds(database);
  const loadBefore = load1();
  const floor = await measure(() => setBasedFloor(database, asOf));
  const server1 = await serverCpuSeconds(database);
  const server = server0 !== null && server1 !== null ? `, server CPU ${(server1 - server0).toFixed(2)} s` : '';
  // The scan once more beside it, with its server CPU (the leader's: a parallel worker's is not counted).
  const scan0 = await serverCpuSeconds(database);
  const scanNow = await aggregateScan(database);
  const scan1 = await serverCpuSeconds(database);
  const scanServer = scan0 !== null && scan1 !== null ? `, server CPU ${(scan1 - scan0).toFixed(2)} s` : '';
  console.log(
    `  set-based floor (no scoring)   ${floor.seconds.toFixed(2)} s for ${floor.result.toLocaleString('en-US')} rows (${(floor.seconds / scanSeconds).toFixed(1)}x the scan)${server}, process CPU ${floor.cpuSeconds.toFixed(2)} s; load ${loadBefore}-${load1()}`,
  );
  console.log(`  the scan beside it             ${scanNow.toFixed(2)} s${scanServer}`);
}

console.log(`bench/prioritize  node ${process.version}  ${new Date().toISOString()}`);
const url = loadConfig().DATABASE_URL;
if (url && !values['skip-postgres']) {
  const name = `bench_prioritize_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = await openDatabase({
    databaseUrl: Object.assign(new URL(url), { pathname: `/${name}` }).toString(),
    poolSize: 4,
  });
  try {
    await bench(
      `PostgreSQL (${new URL(url).host}, database ${name}, dropped after)`,
      database,
      Number(values.clients),
      Number(values.invoices),
    );
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else console.log('\nPostgreSQL: skipped (set DATABASE_URL; ../shared/recipes/postgres-pgvector.sh starts a server)');

if (!values['skip-pglite']) {
  const n = Number(values['pglite-invoices']);
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await bench(
      'PGlite (embedded, in memory; its RSS includes the database)',
      database,
      Math.max(1, Math.round(n / 10)),
      n,
    );
  } finally {
    await database.close();
  }
}
