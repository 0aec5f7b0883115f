/**
 * bench/draft-client-lock: what the draft writer's lock on the client's row (and its reading of the contract's entity
 * in the write) costs a billing run. Loads a firm (one client per contract), bills the period once, then regenerates
 * the same drafts in alternating rounds with the lock and without it (the writer as it was: the entity the run read),
 * so both see the same data and the same machine load; prints each mode's median run and draft-writing time and the
 * ratio. On PostgreSQL (DATABASE_URL, writes 4 at a time) and on PGlite (one at a time). Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/draft-client-lock.ts [--entries N] [--contracts N] [--rounds N] [--skip-pglite]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../src/db/client.ts';
import { runBilling } from '../src/billing/billing-run/run-billing.ts';
import type { BillingRunPorts } from '../src/billing/billing-run/ports.ts';
import { billingRunStore } from '../src/db/stores/billing-run-store.ts';
import { writeDraft } from '../src/db/stores/draft-writer.ts';
import { systemClock } from '../src/shared/clock.ts';
import { loadConfig } from '../src/config.ts';
import { TIME_COLUMNS, firmSql, timeCsv } from './lib/firm-sql.ts';
import { masterIds } from './lib/firm-load.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    contracts: { type: 'string', default: '500' },
    people: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    'pglite-entries': { type: 'string', default: '20000' },
    'skip-pglite': { type: 'boolean' },
  },
});
const CONTRACTS = Number(values.contracts);
const PEOPLE = Number(values.people);
const ROUNDS = Number(values.rounds);

/** The store's ports, counting the time spent writing drafts; `clientLock: false` writes them as before the lock. */
function ports(database: Database, clientLock: boolean, spent: { write: number }): BillingRunPorts {
  const store = billingRunStore(database);
  const write: BillingRunPorts['writeDraft'] = clientLock
    ? (input) => store.writeDraft(input)
    : async (input) => ({
        kind: 'written',
        ...(await writeDraft(database.db, input, { asyncCommit: database.kind === 'postgres', clientLock: false })),
      });
  return {
    ...store,
    async writeDraft(input) {
      const t0 = performance.now();
      try {
        return await write(input);
      } finally {
        spent.write += (performance.now() - t0) / 1000;
      }
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Median and range of a mode's rounds, in seconds. */
const spread = (xs: number[]) =>
  `${median(xs).toFixed(2)} s (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;

/** Bills once (the drafts exist), then alternates the two writers ROUNDS times each; prints medians. */
async function compare(label: string, database: Database): Promise<void> {
  const once = await runBilling(ports(database, true, { write: 0 }), systemClock, { period: '2026-10' });
  if (!once.ok) throw new Error(once.error.message);
  const figures = { lock: { run: [] as number[], write: [] as number[] }, none: { run: [], write: [] } } as Record<
    'lock' | 'none',
    { run: number[]; write: number[] }
  >;
  const load0 = loadavg()[0]!;
  for (let i = 0; i < ROUNDS; i++) {
    for (const mode of i % 2 === 0 ? (['none', 'lock'] as const) : (['lock', 'none'] as const)) {
      const spent = { write: 0 };
      const t0 = performance.now();
      const r = await runBilling(ports(database, mode === 'lock', spent), systemClock, { period: '2026-10' });
      if (!r.ok) throw new Error(r.error.message);
      figures[mode].run.push((performance.now() - t0) / 1000);
      figures[mode].write.push(spent.write);
    }
  }
  const [lock, none] = [figures.lock, figures.none];
  console.log(
    `\n${label}: ${once.value.invoicesWritten} drafts a run, ${ROUNDS} rounds each, alternating (median, range)`,
  );
  console.log(`  without the lock   run ${spread(none.run)}, writing drafts ${spread(none.write)}`);
  console.log(`  with the lock      run ${spread(lock.run)}, writing drafts ${spread(lock.write)}`);
  console.log(
    `  with / without     run ${(median(lock.run) / median(none.run)).toFixed(3)}x, writing ${(median(lock.write) / median(none.write)).toFixed(3)}x`,
  );
  console.log(`  load average (1 min) before ${load0.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)} (2 cores)`);
}

async function postgres(url: string): Promise<void> {
  const name = `bench_draft_lock_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 6 });
  try {
    await migrateDatabase(database);
    for (const s of firmSql(CONTRACTS, PEOPLE)) await database.db.execute(sql.raw(s));
    const ids = await masterIds(database);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await pipeline(
      Readable.from(timeCsv(Number(values.entries), ids.contracts, ids.people)),
      client.query(copyFrom(`COPY time_entries (${TIME_COLUMNS}) FROM STDIN WITH (FORMAT csv)`)),
    );
    await client.query('ANALYZE');
    await client.end();
    await compare(
      `PostgreSQL, ${Number(values.entries).toLocaleString('en-US')} entries, ${CONTRACTS} contracts`,
      database,
    );
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function pglite(entries: number): Promise<void> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateDatabase(database);
    const contracts = Math.min(CONTRACTS, Math.max(10, Math.round(entries / 500)));
    for (const s of firmSql(contracts, PEOPLE)) await database.db.execute(sql.raw(s));
    const ids = await masterIds(database);
    const pgl = database.pglite as PGlite;
    const csv = new Blob([...timeCsv(entries, ids.contracts, ids.people)]);
    await pgl.query(`COPY time_entries (${TIME_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: csv });
    await pgl.query('ANALYZE');
    await compare(`PGlite (in memory), ${entries.toLocaleString('en-US')} entries, ${contracts} contracts`, database);
  } finally {
    await database.close();
  }
}

console.log(`bench/draft-client-lock  node ${process.version}  ${new Date().toISOString()}`);
const config = loadConfig();
if (config.DATABASE_URL) await postgres(config.DATABASE_URL);
else console.log('\nPostgreSQL: skipped (set DATABASE_URL)');
if (!values['skip-pglite']) await pglite(Number(values['pglite-entries']));
