import type { Database } from '../client.ts';
import { billingRunsStart } from '../../tools/billing-runs/start-billing-run.ts';
import { demoCall, demoCallers } from './demo/calls.ts';
import { seedDemoCollections } from './demo-collections.ts';
import { printDemoKeys } from './demo-users.ts';
import { DEMO_PERIODS, DemoSeedRefused, seedDemo, type SeededDemo } from './seed-demo.ts';

/** Where the seed reports: progress on stderr, the demo API keys (shown once) on stdout. */
export interface SeedOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/**
 * Seeds the demo firm with one API user per role, bills its closed months and prints the users'
 * keys (once). False when policy refused its master data (a firm with an administrator who can act is
 * theirs to set up), said on stderr; nothing was loaded then.
 */
export async function seedAndBillDemo(database: Database, io: SeedOutput, now: () => Date): Promise<boolean> {
  io.stderr('Seeding the demo firm (2 legal entities, 20 clients, 4 months of work)...\n');
  let counts: SeededDemo;
  try {
    counts = await seedDemo(database, now());
  } catch (e) {
    if (!(e instanceof DemoSeedRefused)) throw e;
    io.stderr(
      `  The demo firm was not loaded (${e.message}). Load your own master data with an administrator's key: billing-copilot import contracts FILE.\n`,
    );
    return false;
  }
  io.stderr(
    `  ${counts.clients} clients, ${counts.contracts} contracts, ${counts.people} people, ${counts.timeEntries} time entries, ${counts.expenses} expenses, ${counts.usageRecords} usage records\n`,
  );
  // The demo's billing clerk runs billing, as people do: policy, an audit row per run, and the clerk
  // is the drafts' preparer (so may not approve them).
  const { clerk } = await demoCallers(database, now());
  for (const period of DEMO_PERIODS) {
    const r = await demoCall<{ summary: { invoicesWritten: number; exceptions: number } }>(clerk, billingRunsStart, {
      period,
    });
    io.stderr(`  billed ${period}: ${r.summary.invoicesWritten} drafts, ${r.summary.exceptions} exceptions\n`);
  }
  printDemoKeys(io, counts.userKeys);
  const c = await seedDemoCollections(database, now());
  io.stderr(
    `  collections: ${c.paid.length} paid, ${c.partiallyPaid.length} partially paid, ${c.disputed.length} disputed, ${c.delivered.length + c.posted.length} open (${[...c.paid, ...c.partiallyPaid, ...c.disputed].join(', ')})\n`,
  );
  return true;
}
