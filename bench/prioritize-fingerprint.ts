/**
 * bench/prioritize-fingerprint: the worklist of a fixed database before and after a code change. It
 * clones a kept database (`--template`, e.g. one bench/prioritize's data was loaded into), runs
 * `--nights` consecutive dates with the code of this checkout, and prints every night's worklist
 * fingerprint (an md5 of each stored column in rank order, and the run's summary) as JSON, or, with
 * `--compare FILE` (that JSON from another checkout), exits 1 unless every night is identical. The
 * clone is dropped after. Ids are random at load, so both checkouts must clone the same template.
 * Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/prioritize-fingerprint.ts --template DB [--nights N] [--staged] [--compare FILE] > FILE
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { serviceActor } from '../src/policy/service-identities.ts';
import { addDays } from '../src/shared/dates.ts';
import { prioritizeCollections } from '../src/tools/collections/prioritize-collections.ts';
import { AS_OF } from './lib/collections-data.ts';
import { worklistFingerprint } from './lib/worklist-fingerprint.ts';

const { values } = parseArgs({
  options: {
    template: { type: 'string' },
    nights: { type: 'string', default: '2' },
    staged: { type: 'boolean' },
    compare: { type: 'string' },
  },
});
const url = loadConfig().DATABASE_URL;
if (!url || !values.template) throw new Error('set DATABASE_URL and --template');
const name = `bench_fingerprint_${Date.now()}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const prints: Record<string, Record<string, string>> = {};
try {
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${values.template}`);
  const database = await openDatabase({
    databaseUrl: Object.assign(new URL(url), { pathname: `/${name}` }).toString(),
    poolSize: 4,
  });
  try {
    for (let night = 0; night < Number(values.nights); night++) {
      const asOf = addDays(AS_OF, night);
      const ctx = { actor: serviceActor('scheduler'), correlationId: 'bench:fingerprint', now: new Date() };
      const r = await prioritizeCollections(database, ctx, { asOf }, { staged: values.staged });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      prints[asOf] = await worklistFingerprint(database, asOf);
    }
  } finally {
    await database.close();
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
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
