import { randomUUID } from 'node:crypto';
import { EXIT, type CliContext } from '../io.ts';
import { keyUser } from './billing-run.ts';

const USAGE =
  'Usage: billing-copilot expenses approve ID [ID ...]   approve submitted expenses (as the user of BILLING_COPILOT_API_KEY)\n';

/**
 * `expenses approve ID [ID ...]`: approves submitted expenses as the key's user, through the same
 * catalogue entry (expenses_approve) and policy as POST /expenses/approve (project managers, never their own expenses).
 */
export async function expensesCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...args] = argv;
  if (sub !== 'approve' || args.length === 0) {
    ctx.io.stderr(USAGE);
    return EXIT.USAGE;
  }
  const bad = args.filter((a) => !/^[1-9]\d{0,15}$/.test(a));
  if (bad.length) {
    ctx.io.stderr(
      `Expense ids are whole numbers (as GET /expenses lists them); not ${bad.map((b) => `"${b}"`).join(', ')}\n`,
    );
    return EXIT.USAGE;
  }
  if (args.length > 1000) {
    ctx.io.stderr('At most 1000 expenses at a time.\n');
    return EXIT.USAGE;
  }
  const who = await keyUser(ctx, 'approving expenses');
  if ('code' in who) return who.code;
  const { callTool } = await import('../../tools/call-tool.ts');
  const { expensesApprove } = await import('../../tools/expenses/approve-expenses.ts');
  // The catalogue's entry, as POST /expenses/approve calls it.
  const r = await callTool(
    {
      actor: who.actor,
      correlationId: `cli:${randomUUID()}`,
      now: ctx.now(),
      deps: { database: who.database, now: ctx.now },
      via: 'cli',
    },
    expensesApprove,
    { ids: args.map(Number) },
  );
  if (!r.ok) {
    const e = r.error;
    if (e.code === 'EXPENSES_NOT_FOUND') {
      ctx.io.stderr(`No expense with id ${e.ids.join(', ')}. Nothing was approved.\n`);
      return EXIT.NOT_FOUND;
    }
    if (e.code === 'VALIDATION_FAILED') {
      ctx.io.stderr(
        `Not valid: ${e.issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ')}. Nothing was approved.\n`,
      );
      return EXIT.USAGE;
    }
    // A policy refusal names the rule (SOD_OWN_EXPENSES, ROLE_NOT_PERMITTED), as POST /expenses/approve does in details.policyCode.
    ctx.io.stderr(`Refused (${'policyCode' in e ? e.policyCode : e.code}): ${e.message}. Nothing was approved.\n`);
    return EXIT.PROBLEMS;
  }
  const { approved, alreadyApproved, rejected } = r.value;
  const list = (ids: number[]) => ids.join(', ');
  ctx.io.stdout(
    `Approved ${approved.length} expense${approved.length === 1 ? '' : 's'}${approved.length ? ` (${list(approved)})` : ''}` +
      `${alreadyApproved.length ? `; already approved: ${list(alreadyApproved)}` : ''}${rejected.length ? `; rejected, left as they are: ${list(rejected)}` : ''}\n`,
  );
  return EXIT.OK;
}
