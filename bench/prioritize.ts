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
 * backfill alone, to measure it at a size whose nights would take too long). Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/prioritize.ts [--invoices N] [--clients N] [--pglite-invoices N] [--nights N] [--backfill] [--skip-pglite]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { trainRiskModel } from '../src/billing/risk/model.ts';
import type { RiskInvoice } from '../src/billing/risk/features.ts';
import { loadConfig } from '../src/config.ts';
import { type Database, migrateDatabase, openDatabase, queryRows } from '../src/db/client.ts';
import { riskModels } from '../src/db/schema/index.ts';
import { serviceActor } from '../src/policy/service-identities.ts';
import { addDays } from '../src/shared/dates.ts';
import { prng } from '../src/shared/prng.ts';
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
  },
});
const AS_OF = '2026-12-01';
const COLLECTORS = 20;

/** Samples RSS while fn runs; returns its result, seconds and peak RSS in MiB. */
async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; seconds: number; cpuSeconds: number; peakMiB: number }> {
  const cpu0 = process.cpuUsage();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const t0 = performance.now();
  try {
    const result = await fn();
    return {
      result,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu0)),
      peakMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * One US entity, `clients` clients (a third each strategic, standard, small; every tenth with a
 * credit limit of 5,000.00, every fourth with an active project), 20 collectors assigned round the
 * clients, and `invoices` open invoices spread evenly over the clients: issued 3 to about 120 days
 * before the date on net 30, so about two thirds are past due; one in a hundred has an open dispute.
 */
function setupSql(clients: number, invoices: number): string[] {
  return [
    `INSERT INTO legal_entities (code, name, country, functional_currency, invoice_prefix) VALUES ('P-LE', 'Bench Collections', 'US', 'USD', 'P-')`,
    `INSERT INTO users (email, name, roles) SELECT 'collector' || g || '@bench.test', 'Collector ' || g, '{collector}' FROM generate_series(1, ${COLLECTORS}) g`,
    `INSERT INTO clients (code, legal_entity_id, name, country, segment, credit_limit_minor, credit_limit_currency)
       SELECT 'PC' || lpad(g::text, 7, '0'), le.id, 'Client ' || g, 'US', (ARRAY['strategic', 'standard', 'small'])[1 + g % 3],
         CASE WHEN g % 10 = 0 THEN 500000 END, CASE WHEN g % 10 = 0 THEN 'USD' END
       FROM generate_series(0, ${clients - 1}) g, legal_entities le`,
    `INSERT INTO contracts (code, client_id, legal_entity_id, name, models, currency, invoice_currency, start_date, tax_jurisdiction, expense_terms)
       SELECT 'PK' || substr(c.code, 3), c.id, c.legal_entity_id, 'Bench contract', '{time_and_materials}', 'USD', 'USD', '2025-01-01', 'US',
              '{"billable":true,"markupPercent":"0","capMinor":null,"capPercentOfFees":null}'::jsonb
       FROM clients c`,
    `INSERT INTO projects (code, contract_id, name, status)
       SELECT 'PJ' || substr(k.code, 3), k.id, 'Bench project', CASE WHEN substr(k.code, 3)::int % 4 = 0 THEN 'active' ELSE 'closed' END::project_status
       FROM contracts k`,
    `INSERT INTO client_collectors (client_id, collector_id, assigned_by, assigned_at)
       SELECT c.id, u.id, 'bench', now() FROM clients c
       JOIN (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users) u ON u.n = substr(c.code, 3)::int % ${COLLECTORS}`,
    `INSERT INTO invoices (number, kind, status, legal_entity_id, client_id, contract_id, period, currency, subtotal_minor, total_minor,
         payment_terms_days, issue_date, due_date)
       SELECT 'P-' || lpad(g::text, 8, '0'), 'invoice', 'delivered', k.legal_entity_id, k.client_id, k.id,
         to_char(date '2000-01-01' + (g / ${clients}) * interval '1 month', 'YYYY-MM'), 'USD', a.minor, a.minor, 30,
         d.issue, d.issue + 30
       FROM generate_series(0, ${invoices - 1}) g
       JOIN (SELECT id, client_id, legal_entity_id, substr(code, 3)::int AS n FROM contracts) k ON k.n = g % ${clients}
       CROSS JOIN LATERAL (SELECT date '${AS_OF}' - (3 + (g / ${clients}) * 11 + g % 13) AS issue) d
       CROSS JOIN LATERAL (SELECT 5000 + (g::bigint * 7919) % 2500000 AS minor) a`,
    `INSERT INTO invoice_disputes (invoice_id, reason, opened_by, opened_at)
       SELECT id, 'hours not agreed', 'bench', timestamptz '${AS_OF} 09:00Z' - interval '5 days' FROM invoices WHERE right(number, 2) = '00'`,
    'ANALYZE',
  ];
}

/** A trained model from a synthetic settled history (300 clients, 2 years): the run scores with GBM + mixture as in production. */
function benchModel() {
  const rnd = prng(11);
  const history: RiskInvoice[] = [];
  for (let c = 0; c < 300; c++) {
    const slow = rnd() * 20,
      disputes = rnd() * 0.4;
    for (let k = 0; k < 10; k++) {
      const issue = addDays('2024-06-01', k * 60 + Math.floor(rnd() * 30));
      const disputed = rnd() < disputes;
      const settled = addDays(issue, Math.round(20 + slow + rnd() * 10 + (disputed ? 15 : 0)));
      history.push({
        id: `h${c}-${k}`,
        clientId: `c${c}`,
        group: 'US',
        paperless: rnd() < 0.7,
        amount: 500 + rnd() * 20_000,
        issueDate: issue,
        dueDate: addDays(issue, 30),
        settledDate: settled,
        disputeKnownOn: disputed ? addDays(issue, 10) : null,
      });
    }
  }
  return trainRiskModel(history, '2026-09-01');
}

async function load(database: Database, clients: number, invoices: number): Promise<number> {
  const t0 = performance.now();
  for (const s of setupSql(clients, invoices)) await database.db.execute(sql.raw(s));
  const model = benchModel();
  await database.db.insert(riskModels).values({
    version: 1,
    kind: model.kind,
    trainedThrough: model.trainedThrough,
    trainedBy: 'bench',
    trainedAt: new Date(),
    metrics: model.metrics as unknown as Record<string, unknown>,
    model: model as unknown as Record<string, unknown>,
  });
  return (performance.now() - t0) / 1000;
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
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  const server0 = await serverCpuSeconds(database);
  const run = await measure(async () => {
    const r = await prioritizeCollections(database, ctx, { asOf });
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
