/**
 * What the bundle's check on existing contracts' terms and people's cost rates costs (terms-changes.ts): re-importing
 * an unchanged bundle of N contracts (three rates, two milestones, a project each) and N people, on a fresh embedded
 * database. Baseline in the same run: the bundle written alone (upsertBundle, the write master_data_import makes);
 * then the same write between the check's read and its comparison. Each repetition is rolled back, so every one
 * rewrites the same rows. Prints the median and the range of REPS (default 7) of each, alternated.
 * Run: npx tsx bench/bundle-reimport.ts (N=200 by default; docs/policy.md has the latest figures).
 */
import { contractBundleSchema } from '../src/billing/inputs/contract-bundle.ts';
import { migrateDatabase, openDatabase, type DbOrTx } from '../src/db/client.ts';
import { upsertBundle } from '../src/db/stores/master-data.ts';
import type { ToolContext } from '../src/tools/define-tool.ts';
import { termsChanges } from '../src/tools/master-data/terms-changes.ts';

const N = Number(process.env.N ?? 200);
const REPS = Number(process.env.REPS ?? 7);
const bundle = contractBundleSchema.parse({
  legalEntities: [{ code: 'B-US', name: 'B Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'B-' }],
  clients: [{ code: 'BC', legalEntity: 'B-US', name: 'BC', country: 'US' }],
  people: Array.from({ length: N }, (_, i) => ({
    code: `P${i}`,
    name: `P ${i}`,
    role: 'Consultant',
    legalEntity: 'B-US',
    costRate: '60.00',
    costCurrency: 'USD',
  })),
  contracts: Array.from({ length: N }, (_, i) => ({
    code: `K-${i}`,
    client: 'BC',
    name: `K ${i}`,
    models: ['time_and_materials', 'milestone'],
    currency: 'USD',
    startDate: '2026-01-01',
    taxJurisdiction: 'US',
    notToExceed: '50000.00',
    rateCard: ['Consultant', 'Senior', 'Partner'].map((role, j) => ({
      role,
      rate: `${100 + 50 * j}.00`,
      effectiveFrom: '2026-01-01',
    })),
    milestones: [
      { name: 'Kickoff', amount: '1000.00', dueDate: '2026-02-01' },
      { name: 'Close', amount: '2000.00', dueDate: '2026-06-01' },
    ],
    projects: [{ code: `K-${i}-P`, name: `KP ${i}` }],
  })),
});

const database = await openDatabase({ dataDir: 'memory://' });
await migrateDatabase(database);
await database.db.transaction(async (tx) => void (await upsertBundle(tx, bundle)));
const ctx = {
  actor: { userId: 'bench-admin', roles: ['finance_admin'], entityIds: null, onBehalfOf: null },
  correlationId: 'bench',
  now: new Date(),
  deps: { database, now: () => new Date() },
  db: database.db,
} as unknown as ToolContext;

class Rollback extends Error {}
async function timed(write: (tx: DbOrTx) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  try {
    await database.db.transaction(async (tx) => {
      await write(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return performance.now() - t;
}
const alone = (tx: DbOrTx) => upsertBundle(tx, bundle);
const checked = async (tx: DbOrTx) => {
  const before = await termsChanges.read(tx, bundle);
  await upsertBundle(tx, bundle);
  const changed = await termsChanges.refuse({ ...ctx, db: tx }, tx, bundle, before);
  if (changed.length) throw new Error('an unchanged bundle changed something');
};

const runs: Record<'alone' | 'checked', number[]> = { alone: [], checked: [] };
await timed(alone); // warm-up
await timed(checked);
for (let i = 0; i < REPS; i++) {
  runs.alone.push(await timed(alone));
  runs.checked.push(await timed(checked));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (const [label, xs] of Object.entries(runs))
  console.log(
    `${label.padEnd(8)} N=${N}: median ${s(median(xs))} (${s(Math.min(...xs))}–${s(Math.max(...xs))}, ${REPS} runs)`,
  );
console.log(`check adds ${(100 * (median(runs.checked) / median(runs.alone) - 1)).toFixed(0)} % to the write`);
await database.close();
