/**
 * bench/seed-demo: times seedDemo (the demo firm, its users and its work, through catalogue entries)
 * on fresh databases cloned from one migrated template, and with --against another checkout's
 * seedDemo too, alternating the two (an older seed that creates no users runs seedDemoUsers after it,
 * so both do the same work). PGlite in memory; PostgreSQL when DATABASE_URL is set. Usage:
 *   npx tsx bench/seed-demo.ts [--runs 3] [--against /path/to/other/checkout]
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../src/db/client.ts';
import { seedDemo } from '../src/db/seed/seed-demo.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, against: { type: 'string' } } });
const runs = Number(values.runs);
type Seed = (database: Database, now: Date) => Promise<{ userKeys?: unknown }>;
type Users = (database: Database, io: { stdout: () => void; stderr: () => void }, now: Date) => Promise<number>;
const variants: { name: string; seed: Seed; users: Users | null }[] = [{ name: 'this', seed: seedDemo, users: null }];
if (values.against) {
  const root = path.resolve(values.against);
  const other = (await import(path.join(root, 'src/db/seed/seed-demo.ts'))) as { seedDemo: Seed };
  const users = (await import(path.join(root, 'src/db/seed/demo-users.ts'))) as { seedDemoUsers: Users };
  variants.unshift({ name: 'against', seed: other.seedDemo, users: users.seedDemoUsers });
}

const url = process.env.DATABASE_URL;
const admin = async (statement: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(statement);
  await c.end();
};
const template = `bench_seed_tpl_${process.pid}`;
let fresh: () => Promise<Database>;
if (url) {
  await admin(`CREATE DATABASE ${template}`);
  const t = await openDatabase({ databaseUrl: url.replace(/\/[^/]+$/, `/${template}`), poolSize: 2 });
  await migrateDatabase(t);
  await t.close();
  fresh = async () => {
    const name = `bench_seed_${process.pid}_${Math.random().toString(16).slice(2, 8)}`;
    await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const d = await openDatabase({ databaseUrl: url.replace(/\/[^/]+$/, `/${name}`), poolSize: 4 });
    return { ...d, close: async () => (await d.close(), await admin(`DROP DATABASE ${name}`)) };
  };
} else {
  const t = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(t);
  const blob = await t.pglite!.dumpDataDir('none');
  await t.close();
  fresh = () => openDatabase({ dataDir: 'memory://', loadDataDir: blob });
}

const now = new Date('2026-11-25T09:00:00Z');
const quiet = { stdout: () => undefined, stderr: () => undefined };
const ms = new Map(variants.map((v) => [v.name, [] as number[]]));
try {
  for (let i = 0; i < runs; i++) {
    for (const v of i % 2 ? [...variants].reverse() : variants) {
      const database = await fresh();
      const t = performance.now();
      const seeded = await v.seed(database, now);
      if (v.users && !seeded.userKeys) await v.users(database, quiet, now);
      ms.get(v.name)!.push(Math.round(performance.now() - t));
      await database.close();
    }
  }
} finally {
  if (url) await admin(`DROP DATABASE ${template}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, xs] of ms)
  console.log(`${url ? 'postgres' : 'pglite'} ${name}: seedDemo ${xs.join(', ')} ms (median ${median(xs)} ms)`);
