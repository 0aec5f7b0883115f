import { parseArgs } from 'node:util';
import { countContracts } from '../../db/stores/master-data-queries.ts';
import { seedAndBillDemo } from '../../db/seed/seed-and-bill-demo.ts';
import { cliExitOf } from '../../shared/error-codes.ts';
import { EXIT, type CliContext } from '../io.ts';

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
  // Refused by policy (the firm has an administrator who can act): the exit code of a refusal.
  if (!(await seedAndBillDemo(database, ctx.io, ctx.now))) return cliExitOf('forbidden');
  ctx.io.stdout('Demo data loaded. Try: billing-copilot invoices list\n');
  return EXIT.OK;
}
