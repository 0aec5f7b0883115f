/**
 * bench/invoice-detail: the engine time of GET /invoices/:id's one statement, which the embedded engine
 * serves one statement at a time (bench/responsiveness's detail waits behind it and the long work). Builds
 * the data bench/responsiveness uses (a firm with N approved entries, billed twice so the second run
 * re-drafts, then vacuumed and analyzed as the server's upkeep does) and the demo firm billed, picks the
 * invoice each bench reads (responsiveness: the first of GET /invoices; the demo: the one with the most
 * lines), prints its plan (EXPLAIN ANALYZE, BUFFERS) with --plan, and the engine's CPU time per read (not the
 * clock, which on a shared machine is mostly waiting for a core) three ways, alternated in rounds: as before
 * (parsed and planned per read, no covering index), with migration 0051's covering index, and with it as a
 * named prepared statement (what the embedded server's connections now keep, src/db/embedded/pglite-worker.mjs;
 * PostgreSQL always did); then the wall time of the whole read (getInvoiceDetail) in this process.
 * Embedded PGlite (a data folder, as the server has); PostgreSQL too when DATABASE_URL is set.
 *   [DATABASE_URL=postgres://...] npx tsx bench/invoice-detail.ts [--entries 60000] [--repeat 200] [--plan]
 *     [--skip-pglite] [--skip-demo] [--keep DIR]
 * --keep DIR keeps the data (PGlite folders in DIR, PostgreSQL databases bench_detail_keep_*) and reuses it when
 * there: the set-up takes minutes on a busy machine, the measure seconds.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import { desc, eq, sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, queryRows, type Database } from '../src/db/client.ts';
import { runBilling } from '../src/billing/billing-run/run-billing.ts';
import { billingRunStore } from '../src/db/stores/billing-run-store.ts';
import { getInvoiceDetail, invoiceDetailSqlText } from '../src/db/stores/invoice-queries.ts';
import { invoiceLines, invoices } from '../src/db/schema/index.ts';
import { DEMO_PERIODS, seedDemo } from '../src/db/seed/seed-demo.ts';
import { systemClock } from '../src/shared/clock.ts';
import { loadConfig } from '../src/config.ts';
import { TIME_COLUMNS } from './lib/firm-sql.ts';
import { loadFirm } from './lib/firm-load.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '60000' },
    repeat: { type: 'string', default: '200' },
    plan: { type: 'boolean' },
    'skip-pglite': { type: 'boolean' },
    'skip-demo': { type: 'boolean' },
    keep: { type: 'string' },
  },
});
const ENTRIES = Number(values.entries);
const REPEAT = Number(values.repeat);
const CONTRACTS = Math.max(10, Math.round(ENTRIES / 500));
const PEOPLE = Math.max(50, Math.round(ENTRIES / 100));

type Copy = (csv: Iterable<string>) => Promise<void>;

/** bench/responsiveness's firm, billed twice; returns the invoice its load generator reads. */
async function firm(database: Database, copy: Copy): Promise<string> {
  await loadFirm(database, { contracts: CONTRACTS, people: PEOPLE, entries: ENTRIES }, copy);
  for (let i = 0; i < 2; i++) {
    const r = await runBilling(billingRunStore(database), systemClock, { period: '2026-10' });
    if (!r.ok) throw new Error(r.error.message);
  }
  // GET /invoices?period=2026-10&limit=1: newest period, then client code, currency, id.
  const [first] = await queryRows<{ id: string }>(
    database.db,
    sql`SELECT i.id FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.period = '2026-10'
        ORDER BY c.code, i.currency, i.id LIMIT 1`,
  );
  return first!.id;
}

/** The demo firm billed for its periods; returns the invoice with the most lines (bench/api's target). */
async function demo(database: Database): Promise<string> {
  const now = () => new Date('2026-11-25T09:00:00Z');
  await seedDemo(database, now());
  for (const period of DEMO_PERIODS) await runBilling(billingRunStore(database), { now }, { period, trigger: 'bench' });
  const [target] = await database.db
    .select({ id: invoices.id })
    .from(invoices)
    .leftJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .groupBy(invoices.id)
    .orderBy(desc(sql`count(${invoiceLines.id})`), invoices.number)
    .limit(1);
  return target!.id;
}

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms`;
};

/** Runs SQL text on a session of its own and reads the CPU time its engine has spent. */
interface Engine {
  label: string;
  run(text: string): Promise<void>;
  cpuMs(): Promise<number>;
}

/** PGlite in this process: the engine runs on this thread, so the process's CPU time is its (and the driver's). */
const pgliteEngine = (database: Database): Engine => ({
  label: 'this process (PGlite and its driver)',
  run: async (text) => void (await (database.pglite as PGlite).query(text)),
  cpuMs: async () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
});

/** A PostgreSQL connection of its own; CPU time of its backend from /proc (10 ms ticks, so many reads). */
async function postgresEngine(dbUrl: string): Promise<Engine & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]!.pid;
  return {
    label: 'the PostgreSQL backend',
    run: async (text) => void (await client.query(text)),
    cpuMs: async () => {
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in ticks of 10 ms
    },
    close: () => client.end(),
  };
}

async function measure(label: string, database: Database, invoiceId: string, engine: Engine): Promise<void> {
  await database.db.execute(sql`VACUUM (ANALYZE)`);
  // Every parameter written in as a literal (drizzle sends the JSON keys as parameters too; the id is the last).
  const { sql: text, params } = invoiceDetailSqlText(database.db);
  const statement = text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const i = Number(n) - 1;
    return i >= params.length - 1 ? `'${invoiceId}'::uuid` : `'${String(params[i]).replaceAll("'", "''")}'`;
  });
  const [shape] = await queryRows<{ lines: number; entries: number }>(
    database.db,
    sql`SELECT (SELECT count(*) FROM invoice_lines WHERE invoice_id = ${invoiceId})::int AS lines,
      (SELECT count(*) FROM invoice_line_time_entries l JOIN invoice_lines il ON il.id = l.line_id
        WHERE il.invoice_id = ${invoiceId})::int AS entries`,
  );
  console.log(`\n${label}: invoice ${invoiceId}, ${shape!.lines} lines, ${shape!.entries} time entries`);
  for (let i = 0; i < 10; i++) await getInvoiceDetail(database.db, invoiceId);
  if (values.plan) {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      database.db,
      sql.raw(`EXPLAIN (ANALYZE, BUFFERS, VERBOSE false) ${statement}`),
    );
    for (const r of plan) console.log(`  ${r['QUERY PLAN']}`);
  }
  // The engine's CPU time per read, not the clock: on a shared machine a read's wall time is mostly waiting
  // for a core. Three ways, alternated in rounds: as before (parsed and planned every read, no covering
  // index), with migration 0051's index, and with it as a named prepared statement (planned once).
  const prepared = statement.replace(`'${invoiceId}'::uuid`, '$1');
  await engine.run(`PREPARE bc_bench_detail(uuid) AS ${prepared}`);
  const ways = { before: [] as number[], index: [] as number[], 'index, prepared': [] as number[] };
  const cpuPerRead = async (text: string, n: number) => {
    for (let i = 0; i < 3; i++) await engine.run(text);
    const t0 = await engine.cpuMs();
    for (let i = 0; i < n; i++) await engine.run(text);
    return ((await engine.cpuMs()) - t0) / n;
  };
  const ROUNDS = 5;
  const n = Math.ceil(REPEAT / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    await database.db.execute(sql`DROP INDEX time_entries_id_external_idx`);
    try {
      ways.before.push(await cpuPerRead(statement, n));
    } finally {
      await database.db.execute(
        sql`CREATE INDEX time_entries_id_external_idx ON time_entries USING btree (id) INCLUDE (external_id)`,
      );
      await database.db.execute(sql`VACUUM (ANALYZE) time_entries`);
    }
    ways.index.push(await cpuPerRead(statement, n));
    ways['index, prepared'].push(await cpuPerRead(`EXECUTE bc_bench_detail('${invoiceId}')`, n));
  }
  await engine.run('DEALLOCATE bc_bench_detail');
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(2);
  console.log(
    `  ${engine.label} CPU ms per read (median of ${ROUNDS} rounds of ${n}): ${Object.entries(ways)
      .map(([k, v]) => `${k} ${mid(v)}`)
      .join(', ')}`,
  );
  const whole: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await getInvoiceDetail(database.db, invoiceId);
    whole.push(performance.now() - t0);
  }
  console.log(`  getInvoiceDetail (prepared, in this process) x${REPEAT}: ${quantiles(whole)}`);
}

/** The invoice each bench reads, found again in kept data. */
async function targetOf(database: Database, kind: 'firm' | 'demo'): Promise<string | null> {
  const [r] = await queryRows<{ id: string }>(
    database.db,
    kind === 'firm'
      ? sql`SELECT i.id FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.period = '2026-10'
          ORDER BY c.code, i.currency, i.id LIMIT 1`
      : sql`SELECT i.id FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id GROUP BY i.id
          ORDER BY count(l.id) DESC, i.number LIMIT 1`,
  );
  return r?.id ?? null;
}

async function pglite(): Promise<void> {
  const dir = values.keep ? path.resolve(values.keep) : await mkdtemp(path.join(tmpdir(), 'bc-bench-detail-'));
  const open = async (kind: 'firm' | 'demo') => {
    const database = await openDatabase({ dataDir: path.join(dir, kind) });
    await migrateDatabase(database);
    return { database, kept: values.keep ? await targetOf(database, kind).catch(() => null) : null };
  };
  try {
    const { database, kept } = await open('firm');
    try {
      const id =
        kept ??
        (await firm(database, async (csv) => {
          await (database.pglite as PGlite).query(
            `COPY time_entries (${TIME_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`,
            [],
            { blob: new Blob([...csv]) },
          );
        }));
      await measure(
        `PGlite, ${ENTRIES.toLocaleString('en-US')} entries in ${CONTRACTS} contracts`,
        database,
        id,
        pgliteEngine(database),
      );
    } finally {
      await database.close();
    }
    if (values['skip-demo']) return;
    const d = await open('demo');
    try {
      await measure('PGlite, demo firm', d.database, d.kept ?? (await demo(d.database)), pgliteEngine(d.database));
    } finally {
      await d.database.close();
    }
  } finally {
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}

async function postgres(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const run = async (kind: 'firm' | 'demo', body: (database: Database, dbUrl: string) => Promise<string>) => {
    const name = values.keep ? `bench_detail_keep_${kind}` : `bench_detail_${kind}_${Date.now()}`;
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) await admin.query(`CREATE DATABASE ${name}`);
    const dbUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
    try {
      const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 2 });
      try {
        await migrateDatabase(database);
        const kept = exists ? await targetOf(database, kind) : null;
        const id = kept ?? (await body(database, dbUrl));
        const engine = await postgresEngine(dbUrl);
        try {
          await measure(
            kind === 'firm'
              ? `PostgreSQL, ${ENTRIES.toLocaleString('en-US')} entries in ${CONTRACTS} contracts`
              : 'PostgreSQL, demo firm',
            database,
            id,
            engine,
          );
        } finally {
          await engine.close();
        }
      } finally {
        await database.close();
      }
    } finally {
      if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  };
  try {
    await run('firm', (database, dbUrl) =>
      firm(database, async (csv) => {
        const client = new pg.Client({ connectionString: dbUrl });
        await client.connect();
        await pipeline(
          Readable.from(csv),
          client.query(copyFrom(`COPY time_entries (${TIME_COLUMNS}) FROM STDIN WITH (FORMAT csv)`)),
        );
        await client.end();
      }),
    );
    if (!values['skip-demo']) await run('demo', (database) => demo(database));
  } finally {
    await admin.end();
  }
}

const { loadavg } = await import('node:os');
console.log(
  `bench/invoice-detail  node ${process.version}  ${new Date().toISOString()}  load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (!values['skip-pglite']) await pglite();
const url = loadConfig().DATABASE_URL;
if (url) await postgres(url);
else console.log('\nPostgreSQL: skipped (set DATABASE_URL)');
