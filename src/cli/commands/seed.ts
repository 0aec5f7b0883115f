import { parseArgs } from 'node:util';
import { countContracts } from '../../db/stores/master-data.ts';
import { DEMO_PERIODS, seedDemo } from '../../db/seed/seed-demo.ts';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { billingRunStore } from '../../db/stores/billing-run-store.ts';
import type { Database } from '../../db/client.ts';
import { EXIT, type CliContext, type CliIo } from '../io.ts';
import { seedDemoUsers } from './demo-users.ts';
import { seedDemoCollections } from '../../db/seed/demo-collections.ts';

/** Seeds the demo firm, bills its closed months and creates one API user per role (keys printed once). */
export async function seedAndBillDemo(database: Database, io: CliIo, now: () => Date): Promise<void> {
  io.stderr('Seeding the demo firm (2 legal entities, 20 clients, 4 months of work)...\n');
  const counts = await seedDemo(database, now());
  io.stderr(`  ${counts.clients} clients, ${counts.contracts} contracts, ${counts.people} people, ${counts.timeEntries} time entries, ${counts.expenses} expenses, ${counts.usageRecords} usage records\n`);
  for (const period of DEMO_PERIODS) {
    const r = await runBilling(billingRunStore(database), { now }, { period, trigger: 'demo-seed' });
    if (r.ok) io.stderr(`  billed ${period}: ${r.value.invoicesWritten} drafts, ${r.value.exceptions} exceptions\n`);
  }
  await seedDemoUsers(database, io, now());
  const c = await seedDemoCollections(database, now());
  io.stderr(`  collections: ${c.paid.length} paid, ${c.partiallyPaid.length} partially paid, ${c.disputed.length} disputed, ${c.delivered.length + c.posted.length} open (${[...c.paid, ...c.partiallyPaid, ...c.disputed].join(', ')})\n`);
}

/** `seed --demo`: loads the demo data into an empty database. */
export async function seedCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { demo: { type: 'boolean' } } });
  if (!values.demo) {
    ctx.io.stderr('Only the demo seed exists: billing-copilot seed --demo\n');
    return EXIT.USAGE;
  }
  const database = await ctx.database();
  if ((await countContracts(database.db)) > 0) {
    ctx.io.stderr('The database already has contracts; the demo seed only loads into an empty database.\n');
    return EXIT.PROBLEMS;
  }
  await seedAndBillDemo(database, ctx.io, ctx.now);
  ctx.io.stdout('Demo data loaded. Try: billing-copilot invoices list\n');
  return EXIT.OK;
}
