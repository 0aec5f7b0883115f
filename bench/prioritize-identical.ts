/**
 * bench/prioritize-identical: the worklist written once (ranked in the process, one COPY into
 * worklist_items) is the worklist staged and ranked in SQL, column for column. Loads bench/prioritize's
 * data into a database, clones it (CREATE DATABASE ... TEMPLATE, so both hold the same ids), runs
 * `--nights` consecutive dates on each, one staged (`staged: true`) and one written once, and compares
 * an md5 of every column of every night's worklist in rank order, and the run's summary. Both
 * databases are dropped after. Exits 1 on any difference. Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/prioritize-identical.ts [--invoices N] [--clients N] [--nights N]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { serviceActor } from '../src/policy/service-identities.ts';
import { addDays } from '../src/shared/dates.ts';
import { prioritizeCollections } from '../src/tools/collections/prioritize-collections.ts';
import { AS_OF, loadCollections } from './lib/collections-data.ts';
import { WORKLIST_COLUMNS, worklistFingerprint as fingerprint } from './lib/worklist-fingerprint.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '10000' },
    nights: { type: 'string', default: '3' },
  },
});

const url = loadConfig().DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL');
const stamp = Date.now();
const names = [`bench_identical_${stamp}_staged`, `bench_identical_${stamp}_once`];
const at = (name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const admin = new pg.Client({ connectionString: url });
await admin.connect();
let differ = false;
try {
  await admin.query(`CREATE DATABASE ${names[0]}`);
  const first = await openDatabase({ databaseUrl: at(names[0]!), poolSize: 4 });
  await migrateDatabase(first);
  await loadCollections(first, Number(values.clients), Number(values.invoices));
  await first.close();
  await admin.query(`CREATE DATABASE ${names[1]} TEMPLATE ${names[0]}`);
  const dbs = await Promise.all(names.map((n) => openDatabase({ databaseUrl: at(n), poolSize: 4 })));
  try {
    for (let night = 0; night < Number(values.nights); night++) {
      const asOf = addDays(AS_OF, night);
      const prints: Record<string, string>[] = [];
      for (const [k, database] of dbs.entries()) {
        const ctx = { actor: serviceActor('scheduler'), correlationId: 'bench:identical', now: new Date() };
        const r = await prioritizeCollections(database, ctx, { asOf }, { staged: k === 0 });
        if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
        prints.push(await fingerprint(database, asOf));
      }
      const [staged, once] = prints as [Record<string, string>, Record<string, string>];
      const diff = Object.keys(staged).filter((c) => staged[c] !== once[c]);
      differ ||= diff.length > 0;
      console.log(
        `${asOf}: ${staged.n} items staged, ${once.n} written once; ${diff.length ? `DIFFER in ${diff.join(', ')}` : `every column identical (${WORKLIST_COLUMNS.length} md5s and the summary)`}`,
      );
    }
  } finally {
    await Promise.all(dbs.map((d) => d.close()));
  }
} finally {
  for (const n of names) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  await admin.end();
}
process.exit(differ ? 1 : 0);
