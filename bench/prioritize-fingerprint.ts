/**
 * bench/prioritize-fingerprint: the worklist of a fixed database before and after a code change. On
 * PostgreSQL it clones a kept database (`--template`; with `--invoices N` it is first created and loaded
 * with bench/prioritize's data when it does not exist yet, and kept); on embedded PGlite (`--pglite FILE`)
 * it opens a dump of a data folder (with `--invoices N`, loaded and dumped to FILE first when FILE does
 * not exist). It runs `--nights` consecutive dates with the code of this checkout, and prints every
 * night's worklist fingerprint (an md5 of each stored column in rank order, and the run's summary) as
 * JSON, or, with `--compare FILE` (that JSON from another checkout), exits 1 unless every night is
 * identical. The clone is dropped after. Ids are random at load, so both checkouts must use the same
 * template or dump (run this script from the other checkout's bench/ folder to fingerprint its code).
 * Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/prioritize-fingerprint.ts --template DB [--invoices N] [--nights N] [--staged] [--compare FILE] > FILE
 *   npx tsx bench/prioritize-fingerprint.ts --pglite DUMP [--invoices N] [--nights N] [--compare FILE] > FILE
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type Database, migrateDatabase, openDatabase } from '../src/db/client.ts';
import { serviceActor } from '../src/policy/service-identities.ts';
import { addDays } from '../src/shared/dates.ts';
import { prioritizeCollections } from '../src/tools/collections/prioritize-collections.ts';
import { AS_OF, loadCollections } from './lib/collections-data.ts';
import { worklistFingerprint } from './lib/worklist-fingerprint.ts';

const { values } = parseArgs({
  options: {
    template: { type: 'string' },
    pglite: { type: 'string' },
    invoices: { type: 'string' },
    nights: { type: 'string', default: '2' },
    staged: { type: 'boolean' },
    compare: { type: 'string' },
  },
});
const invoices = values.invoices ? Number(values.invoices) : null;
const prints: Record<string, Record<string, string>> = {};

/** Runs the nights on `database` and keeps each night's fingerprint. */
async function nights(database: Database): Promise<void> {
  for (let night = 0; night < Number(values.nights); night++) {
    const asOf = addDays(AS_OF, night);
    const ctx = { actor: serviceActor('scheduler'), correlationId: 'bench:fingerprint', now: new Date() };
    const r = await prioritizeCollections(database, ctx, { asOf }, { staged: values.staged });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    prints[asOf] = await worklistFingerprint(database, asOf);
  }
}

/** bench/prioritize's data, `invoices` across a tenth as many clients, into a migrated database. */
async function load(database: Database, n: number): Promise<void> {
  await migrateDatabase(database);
  process.stderr.write(`loading ${n.toLocaleString('en-US')} invoices...\n`);
  await loadCollections(database, Math.max(1, Math.round(n / 10)), n);
}

if (values.pglite) {
  const dump = values.pglite;
  if (!existsSync(dump)) {
    if (invoices === null) throw new Error(`${dump} does not exist: pass --invoices N to create it`);
    const fresh = await openDatabase({ dataDir: 'memory://' });
    try {
      await load(fresh, invoices);
      const blob = await fresh.pglite!.dumpDataDir('gzip');
      writeFileSync(dump, Buffer.from(await blob.arrayBuffer()));
    } finally {
      await fresh.close();
    }
  }
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(dump)]) });
  try {
    await nights(database);
  } finally {
    await database.close();
  }
} else {
  const url = loadConfig().DATABASE_URL;
  if (!url || !values.template) throw new Error('set DATABASE_URL and --template (or --pglite FILE)');
  const at = (db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();
  const name = `bench_fingerprint_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [values.template]);
    if (!rowCount) {
      if (invoices === null)
        throw new Error(`database ${values.template} does not exist: pass --invoices N to create it`);
      await admin.query(`CREATE DATABASE ${values.template}`);
      const fresh = await openDatabase({ databaseUrl: at(values.template), poolSize: 4 });
      try {
        await load(fresh, invoices);
      } finally {
        await fresh.close();
      }
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${values.template}`);
    const database = await openDatabase({ databaseUrl: at(name), poolSize: 4 });
    try {
      await nights(database);
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
if (!values.compare) {
  console.log(JSON.stringify(prints, null, 1));
  process.exit(0);
}
const before = JSON.parse(readFileSync(values.compare, 'utf8')) as typeof prints;
let differ = false;
for (const [asOf, now] of Object.entries(prints)) {
  const then = before[asOf];
  const diff = then ? Object.keys(now).filter((c) => now[c] !== then[c]) : ['(night missing in the file)'];
  differ ||= diff.length > 0;
  console.log(`${asOf}: ${now.n} items; ${diff.length ? `DIFFER in ${diff.join(', ')}` : 'identical to the file'}`);
}
process.exit(differ ? 1 : 0);
