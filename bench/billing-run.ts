/**
 * bench/billing-run: generates approved time entries (default 1,000,000 across 2,000 contracts and
 * 5,000 people), runs billing for the period on PostgreSQL, and prints entries per second, peak
 * memory, and the time to COPY the same rows into a plain table, measured in the same run. Then the
 * same for 100,000 entries on PGlite. Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/billing-run.ts [--entries N] [--contracts N] [--people N] [--pglite-entries N]
 */
import { parseArgs } from 'node:util';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import { migrateDatabase, openDatabase, queryRows, type Database } from '../src/db/client.ts';
import { runBilling } from '../src/billing/billing-run/run-billing.ts';
import { billingRunStore } from '../src/db/stores/billing-run-store.ts';
import type { BillingRunPorts } from '../src/billing/billing-run/ports.ts';
import { systemClock } from '../src/shared/clock.ts';
import { loadConfig } from '../src/config.ts';
import { sql } from 'drizzle-orm';
import { PLAIN_TABLE_SQL, TIME_COLUMNS, firmSql, timeCsv } from './lib/firm-sql.ts';
import { masterIds } from './lib/firm-load.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    contracts: { type: 'string', default: '2000' },
    people: { type: 'string', default: '5000' },
    'pglite-entries': { type: 'string', default: '100000' },
    'skip-pglite': { type: 'boolean' },
  },
});
const ENTRIES = Number(values.entries);
const CONTRACTS = Number(values.contracts);
const PEOPLE = Number(values.people);
const config = loadConfig();

/** Samples RSS while fn runs; returns its result, seconds and peak RSS in MiB. */
async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakMiB: number }> {
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
      peakMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Wraps the run's ports to add up where the time goes (load, write) beside the total. */
function timedPorts(ports: BillingRunPorts, spent: Record<string, number>): BillingRunPorts {
  const wrap = <K extends keyof BillingRunPorts>(k: K) =>
    (async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await (ports[k] as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        spent[k] = (spent[k] ?? 0) + (performance.now() - t0) / 1000;
      }
    }) as BillingRunPorts[K];
  return { ...ports, loadBatch: wrap('loadBatch'), writeDraft: wrap('writeDraft') };
}

function report(
  label: string,
  entries: number,
  copySeconds: number,
  run: { seconds: number; peakMiB: number },
  summary: { invoicesWritten: number; linesWritten: number },
) {
  const ratio = run.seconds / copySeconds;
  console.log(`\n${label}`);
  console.log(`  time entries                 ${entries.toLocaleString('en-US')}`);
  console.log(
    `  baseline: COPY into a plain table   ${copySeconds.toFixed(2)} s (${Math.round(entries / copySeconds).toLocaleString('en-US')} rows/s)`,
  );
  console.log(
    `  billing run                  ${run.seconds.toFixed(2)} s (${Math.round(entries / run.seconds).toLocaleString('en-US')} entries/s), ${summary.invoicesWritten} invoices, ${summary.linesWritten} lines`,
  );
  console.log(`  run / COPY                   ${ratio.toFixed(2)}x   (goal <= 5x: ${ratio <= 5 ? 'met' : 'NOT met'})`);
  console.log(
    `  peak RSS of this process     ${run.peakMiB.toFixed(0)} MiB   (goal < 1024 MiB: ${run.peakMiB < 1024 ? 'met' : 'NOT met'})`,
  );
}

async function postgresBench(url: string): Promise<void> {
  const name = `bench_billing_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 6 });
  try {
    await migrateDatabase(database);
    for (const s of firmSql(CONTRACTS, PEOPLE)) await database.db.execute(sql.raw(s));
    await database.db.execute(sql.raw(PLAIN_TABLE_SQL));
    const ids = await masterIds(database);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const copy = async (table: string) => {
      const t0 = performance.now();
      await pipeline(
        Readable.from(timeCsv(ENTRIES, ids.contracts, ids.people)),
        client.query(copyFrom(`COPY ${table} (${TIME_COLUMNS}) FROM STDIN WITH (FORMAT csv)`)),
      );
      return (performance.now() - t0) / 1000;
    };
    process.stderr.write(
      `generating ${ENTRIES.toLocaleString('en-US')} entries: COPY into the plain table (baseline)...\n`,
    );
    const copySeconds = await copy('bench_plain_copy');
    process.stderr.write(`COPY into time_entries (setup)...\n`);
    const setupSeconds = await copy('time_entries');
    await client.query('ANALYZE');
    await client.end();
    process.stderr.write(
      `setup COPY into the indexed time_entries took ${setupSeconds.toFixed(2)} s; running billing for 2026-10...\n`,
    );
    const spent: Record<string, number> = {};
    const run = await measure(async () => {
      const r = await runBilling(timedPorts(billingRunStore(database), spent), systemClock, {
        period: '2026-10',
        onProgress: (p) => {
          if (p.contractsDone % 500 === 0 || p.contractsDone === p.contractsTotal)
            process.stderr.write(`  ${p.contractsDone}/${p.contractsTotal} contracts, ${p.timeEntries} entries\n`);
        },
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    });
    const [check] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM invoice_line_time_entries`,
    );
    report(`PostgreSQL (${new URL(url).host})`, ENTRIES, copySeconds, run, run.result);
    console.log(`  entries linked to lines      ${check!.n.toLocaleString('en-US')} (each exactly once)`);
    console.log(
      `  time inside the steps (they overlap: loads prefetch, writes run 4 at a time): loading ${spent.loadBatch?.toFixed(2)} s, writing drafts ${spent.writeDraft?.toFixed(2)} s`,
    );
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function pgliteBench(entries: number): Promise<void> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateDatabase(database);
    for (const s of firmSql(Math.min(CONTRACTS, Math.max(10, Math.round(entries / 500))), PEOPLE))
      await database.db.execute(sql.raw(s));
    await database.db.execute(sql.raw(PLAIN_TABLE_SQL));
    const ids = await masterIds(database);
    const csv = new Blob([...timeCsv(entries, ids.contracts, ids.people)]);
    const pgl = database.pglite as PGlite;
    const t0 = performance.now();
    await pgl.query(`COPY bench_plain_copy (${TIME_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: csv });
    const copySeconds = (performance.now() - t0) / 1000;
    await pgl.query(`COPY time_entries (${TIME_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: csv });
    await pgl.query('ANALYZE');
    const run = await measure(async () => {
      const r = await runBilling(billingRunStore(database), systemClock, { period: '2026-10' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    });
    report(`PGlite (embedded, in memory), ${ids.contracts.length} contracts`, entries, copySeconds, run, run.result);
  } finally {
    await database.close();
  }
}

console.log(`bench/billing-run  node ${process.version}  ${new Date().toISOString()}`);
if (config.DATABASE_URL) await postgresBench(config.DATABASE_URL);
else console.log('\nPostgreSQL: skipped (set DATABASE_URL; ../shared/recipes/postgres-pgvector.sh starts a server)');
if (!values['skip-pglite']) await pgliteBench(Number(values['pglite-entries']));
