/**
 * bench/api: fixed request rates (default 100, 250, 500 req/s, 10 s each) against GET /invoices/:id,
 * GET /invoices (the first page) and POST /time-entries (one entry, a fresh Idempotency-Key per request) on
 * PostgreSQL, each beside a bare hono route served the same way in the same server process; the two invoice
 * reads also beside a "direct store" route (the store call and view the route made before it called the
 * catalogue, without auth), so the catalogue's cost on a read shows in one run. Prints p50 and p99 latency and
 * their ratio to the bare route. Loopback only; every run is bounded by --duration.
 *   DATABASE_URL=postgres://... npx tsx bench/api.ts [--rates 100,250,500] [--duration 10] [--connections 100]
 *     [--only TEXT] (targets whose name contains TEXT, e.g. "time-entries") [--cpu-prof DIR] (the server writes a V8 CPU profile there;
 *     summarise it with `npx tsx bench/lib/profile-summary.ts DIR/*.cpuprofile`);
 *   env BENCH_NODE_FLAGS="--max-semi-space-size=32 ..." (extra node flags for the server), BENCH_TRACE_GC=1 (the server traces GC to stdout),
 *     BENCH_DIAG=1 (the server logs slow requests and event-loop stalls with wall-clock times to stderr, and each row's start),
 *     DATABASE_POOL_SIZE (the server's pool; default here twice this machine's cores, as PostgreSQL runs on the same cores)
 * Latency is measured per response with hrtime (autocannon's own histogram has 1 ms buckets); the
 * p99 column "co" is autocannon's, corrected for coordinated omission, in whole ms (the worst instance);
 * "server CPU" is the server process's CPU time per request, which other load on the machine inflates less than latency;
 * "PostgreSQL CPU" is that of the local PostgreSQL processes per request (from /proc; 10 ms ticks, so read it over whole runs);
 * "load generator CPU" is this process's (autocannon's) per request: the share of the same cores the measurement itself takes;
 * "SQL statements/req" counts what the server sent to PostgreSQL per request (BEGIN and COMMIT included), one round trip each.
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { desc, eq, sql } from 'drizzle-orm';
import { addUser } from '../test/helpers/users.ts';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { invoiceLines, invoices } from '../src/db/schema/index.ts';
import { DEMO_PERIODS, seedDemo } from '../src/db/seed/seed-demo.ts';
import { runBilling } from '../src/billing/billing-run/run-billing.ts';
import { billingRunStore } from '../src/db/stores/billing-run-store.ts';
import { loadConfig } from '../src/config.ts';
import { load, type LoadOpts, PER_INSTANCE, pgCpu as pgCpuOf, pgDelta, RAMP_MS, timeEntryBodies } from './lib/load.ts';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '100,250,500' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const RATES = values.rates.split(',').map(Number);
const DURATION = Math.max(2, Math.min(Number(values.duration), 60));
const CONNECTIONS = Number(values.connections);
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('bench/api needs DATABASE_URL (PostgreSQL)');

const name = `bc_bench_api_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(config.DATABASE_URL!);
  u.pathname = `/${name}`;
  return u.toString();
})();
const admin = new pg.Client({
  connectionString: (() => {
    const u = new URL(config.DATABASE_URL!);
    u.pathname = '/postgres';
    return u.toString();
  })(),
});
admin.on('error', () => undefined);
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);

interface Row {
  target: string;
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  p99co: number;
  ok: number;
  other: number;
  cpuMs?: number;
  pgMs?: number;
  loadMs?: number;
  queries?: number;
}

try {
  const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 });
  await migrateDatabase(database);
  const now = () => new Date('2026-11-25T09:00:00Z');
  await seedDemo(database, now());
  for (const period of DEMO_PERIODS) await runBilling(billingRunStore(database), { now }, { period, trigger: 'bench' });
  const user = await addUser(
    database.db,
    { email: 'bench@bench.example', name: 'Bench', roles: ['billing_clerk', 'controller'], entities: null },
    { actorId: 'bench', correlationId: 'bench', now: new Date() },
  );
  if (!user.ok) throw new Error(user.error.code);
  // The invoice with the most lines: the heaviest GET the demo has.
  const [target] = await database.db
    .select({ id: invoices.id, lines: sql<number>`count(${invoiceLines.id})::int` })
    .from(invoices)
    .leftJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .groupBy(invoices.id)
    .orderBy(desc(sql`count(${invoiceLines.id})`))
    .limit(1);
  await database.close();

  const child = fork(fileURLToPath(new URL('./lib/api-server.ts', import.meta.url)), [], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_TRACE_GC ? ['--trace-gc'] : []),
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
      ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []),
    ],
    env: {
      DATABASE_POOL_SIZE: String(2 * cpus().length),
      ...process.env,
      BENCH_DATABASE_URL: dbUrl,
      LOG_LEVEL: 'silent',
    },
  });
  const ports = await new Promise<{ app: number; bare: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', reject);
  });
  const auth = { authorization: `Bearer ${user.value.key}`, 'content-type': 'application/json' };
  const body = JSON.stringify([
    { person: 'P001', project: 'SOW-ACME-01-P1', date: '2026-11-03', hours: '0.01', description: 'bench' },
  ]);
  const entryBody = timeEntryBodies();
  const allTargets: { target: string; url: string; opts: LoadOpts }[] = [
    { target: 'GET bare', url: `http://127.0.0.1:${ports.bare}/bare`, opts: { headers: {} } },
    {
      target: `GET /invoices/:id (${target!.lines} lines)`,
      url: `http://127.0.0.1:${ports.app}/invoices/${target!.id}`,
      opts: { headers: auth },
    },
    {
      target: 'GET direct store /invoices/:id',
      url: `http://127.0.0.1:${ports.bare}/direct/invoices/${target!.id}`,
      opts: { headers: {} },
    },
    { target: 'GET /invoices', url: `http://127.0.0.1:${ports.app}/invoices`, opts: { headers: auth } },
    {
      target: 'GET direct store /invoices',
      url: `http://127.0.0.1:${ports.bare}/direct/invoices`,
      opts: { headers: {} },
    },
    {
      target: 'POST bare',
      url: `http://127.0.0.1:${ports.bare}/bare`,
      opts: { method: 'POST' as const, body, headers: { 'content-type': 'application/json' } },
    },
    {
      target: 'POST /time-entries',
      url: `http://127.0.0.1:${ports.app}/time-entries`,
      opts: { method: 'POST' as const, body, bodyFor: entryBody, headers: auth },
    },
  ];
  const targets = allTargets.filter((t) => !values.only || t.target.includes(values.only) || t.target.includes('bare'));
  const cpu = () =>
    new Promise<{ ms: number; queries: number }>((resolve) => {
      child.once('message', (m) => {
        const { cpu: u, queries } = m as { cpu: NodeJS.CpuUsage; queries: number };
        resolve({ ms: (u.user + u.system) / 1000, queries });
      });
      child.send('cpu');
    });
  /** CPU time of every local PostgreSQL process (backends, WAL writer, checkpointer), from /proc. */
  const pgCpu = () => pgCpuOf(dbUrl);
  // Warm-up at the top rate, 2 s per target: JIT, and the plan and catalog caches of every pooled connection.
  for (const t of targets) await load(t.url, Math.max(...RATES), 2, t.opts, CONNECTIONS);
  const rows: Row[] = [];
  for (const rate of RATES) {
    for (const t of targets) {
      const [before, pgBefore, loadBefore] = [await cpu(), await pgCpu(), process.cpuUsage()];
      if (process.env.BENCH_DIAG === '1') process.stderr.write(`  row ${t.target} @ ${rate}/s starts ${Date.now()}\n`);
      const r = await load(t.url, rate, DURATION, t.opts, CONNECTIONS);
      const loadUsed = process.cpuUsage(loadBefore);
      const [after, pgAfter] = [await cpu(), await pgCpu()];
      const n = Math.max(1, r.ok + r.other);
      rows.push({
        target: t.target,
        rate,
        ...r,
        cpuMs: (after.ms - before.ms) / n,
        pgMs: pgDelta(pgBefore, pgAfter) / n,
        loadMs: (loadUsed.user + loadUsed.system) / 1000 / n,
        queries: (after.queries - before.queries) / n,
      });
      process.stderr.write(`  ${t.target} @ ${rate}/s: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms\n`);
    }
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.disconnect();
  await exited;
  const pool = process.env.DATABASE_POOL_SIZE ?? String(2 * cpus().length);
  console.log(
    `\nbench/api on PostgreSQL, ${cpus().length} cores, pool of ${pool} connections, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' ',
      )}, ${DURATION} s per row (latencies from the last ${DURATION - RAMP_MS / 1000} s), rate/${PER_INSTANCE} staggered single-connection autocannon instances, loopback; latency in ms`,
  );
  console.log(
    [
      'target'.padEnd(34),
      'rate',
      'achieved',
      'p50',
      'p99',
      'p99 co',
      'p50/bare',
      'p99/bare',
      'non-2xx',
      'server CPU ms/req',
      'PostgreSQL CPU ms/req',
      'load generator CPU ms/req',
      'SQL statements/req',
    ].join('\t'),
  );
  for (const r of rows) {
    const bare = rows.find(
      (b) => b.rate === r.rate && b.target === (r.target.startsWith('GET') ? 'GET bare' : 'POST bare'),
    )!;
    const isBare = r === bare;
    console.log(
      [
        r.target.padEnd(34),
        r.rate,
        r.achieved.toFixed(0),
        r.p50.toFixed(2),
        r.p99.toFixed(2),
        r.p99co,
        isBare ? '1' : (r.p50 / bare.p50).toFixed(1),
        isBare ? '1' : (r.p99 / bare.p99).toFixed(1),
        r.other,
        (r.cpuMs ?? NaN).toFixed(2),
        (r.pgMs ?? NaN).toFixed(2),
        (r.loadMs ?? NaN).toFixed(2),
        (r.queries ?? NaN).toFixed(1),
      ].join('\t'),
    );
  }
  const worst = rows.filter((r) => !r.target.includes('bare') && r.rate === Math.max(...RATES));
  console.log(
    `\nGoal p99 < 25 ms at ${Math.max(...RATES)} req/s: ${worst.map((r) => `${r.target.split(' (')[0]} ${r.p99.toFixed(1)} ms ${r.p99 < 25 ? 'met' : 'MISSED'}`).join('; ')}`,
  );
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
