import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { Actor } from '../../policy/roles.ts';
import { isPeriod } from '../../shared/dates.ts';
import { format } from '../../shared/money.ts';
import { actorOfKey } from '../actor.ts';
import { EXIT, progress, type CliContext } from '../io.ts';
import { groupThousands } from '../table.ts';
import { EXIT_WAITING_FOR_APPROVAL } from './policy.ts';

/**
 * The person a write command acts as: the user of BILLING_COPILOT_API_KEY (with their email, for
 * the run's trigger and the audit trail), or null after saying why (exit code in `code`).
 */
export async function keyUser(
  ctx: CliContext,
  what: string,
): Promise<{ database: Database; actor: Actor; email: string } | { code: number }> {
  const key = ctx.config.BILLING_COPILOT_API_KEY;
  if (!key) {
    ctx.io.stderr(
      `Set BILLING_COPILOT_API_KEY to your API key: ${what} acts as you, under the same policy and audit as the API, and the command line never takes a key as an argument. Nothing was written.\n`,
    );
    return { code: EXIT.USAGE };
  }
  const database = await ctx.database();
  const actor = await actorOfKey(database.db, key);
  if (!actor) {
    ctx.io.stderr(
      "The API key in BILLING_COPILOT_API_KEY is not valid (unknown or revoked, or its user is inactive), or it is the agent's, which acts only through the API on behalf of a person. Nothing was written.\n",
    );
    return { code: EXIT.PROBLEMS };
  }
  const [u] = await database.db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  return { database, actor, email: u?.email ?? actor.userId };
}

/** `billing run --period YYYY-MM [--entity CODE]`: drafts every contract's invoice for the period, as the key's user. */
export async function billingRunCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { period: { type: 'string' }, entity: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (!values.period) {
    ctx.io.stderr('billing run needs --period YYYY-MM, for example: billing-copilot billing run --period 2026-10\n');
    return EXIT.USAGE;
  }
  if (!isPeriod(values.period)) {
    ctx.io.stderr(`Period must be YYYY-MM, got "${values.period}"\n`);
    return EXIT.USAGE;
  }
  const who = await keyUser(ctx, 'a billing run');
  if ('code' in who) return who.code;
  const { database, actor } = who;
  const tick = progress(ctx.io, `billing ${values.period}`);
  const started = Date.now();
  const { callTool } = await import('../../tools/call-tool.ts');
  const { billingRunsStart } = await import('../../tools/billing-runs/start-billing-run.ts');
  // The catalogue's entry, as POST /billing-runs calls it: policy, the start's and the finish's audit rows, the run.
  const result = await callTool(
    {
      actor,
      correlationId: `cli:${randomUUID()}`,
      now: ctx.now(),
      deps: { database, now: ctx.now },
      via: 'cli',
      onProgress: (p) =>
        tick(p.contractsDone, p.contractsTotal, `contracts, ${p.timeEntries} time entries, ${p.invoices} drafts`),
    },
    billingRunsStart,
    { period: values.period, ...(values.entity ? { legalEntity: values.entity } : {}) },
  );
  if (!result.ok) {
    const e = result.error;
    if (e.code === 'UNKNOWN_REFERENCE') {
      ctx.io.stderr(`There is no legal entity "${values.entity}". Nothing was written.\n`);
      return EXIT.NOT_FOUND;
    }
    if (e.code === 'INVALID_PERIOD' || e.code === 'VALIDATION_FAILED') {
      ctx.io.stderr(
        `${e.code === 'VALIDATION_FAILED' ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : e.message}\n`,
      );
      return EXIT.USAGE;
    }
    if (e.code === 'APPROVAL_REQUIRED' || e.code === 'ARGS_CHANGED') {
      ctx.io.stdout(
        `Waiting for approval: ${e.message}.\nRequest ${e.requestId} is open; once it is granted (POST /approvals/${e.requestId}/grant), run this command again.\n`,
      );
      return EXIT_WAITING_FOR_APPROVAL;
    }
    ctx.io.stderr(`Refused (${e.code}): ${e.message}. Nothing was written.\n`);
    return EXIT.PROBLEMS;
  }
  const s = result.value.summary;
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify(s, null, 2)}\n`);
    return EXIT.OK;
  }
  const totals =
    Object.entries(s.totalsByCurrency)
      .map(([cur, minor]) => `${groupThousands(format({ amountMinor: BigInt(minor), currency: cur }))} ${cur}`)
      .join(', ') || 'nothing';
  const held = s.timeEntriesRated - s.timeEntriesBilled;
  ctx.io.stdout(
    [
      `Billing run ${s.runId} for ${s.period} finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      `${count(s.invoicesWritten, 'draft invoice')} with ${count(s.linesWritten, 'line')} from ${count(s.contracts, 'contract')} considered.`,
      `${count(s.timeEntriesBilled, 'time entry', 'time entries')} billed${held ? `, ${held} held for review` : ''}${s.timeEntriesAwaitingApproval ? `; ${count(s.timeEntriesAwaitingApproval, 'entry', 'entries')} of the period ${s.timeEntriesAwaitingApproval === 1 ? 'waits' : 'wait'} for approval and ${s.timeEntriesAwaitingApproval === 1 ? 'is' : 'are'} not billed` : ''}.`,
      `${count(s.exceptions, 'exception')} raised.`,
      ...(s.skippedLocked
        ? [
            `${count(s.skippedLocked, 'invoice')} already past draft ${s.skippedLocked === 1 ? 'was' : 'were'} left alone.`,
          ]
        : []),
      ...(s.conflicts
        ? [`${count(s.conflicts, 'draft')} ${s.conflicts === 1 ? 'was' : 'were'} left to a concurrent run.`]
        : []),
      `Draft totals: ${totals}.`,
    ].join('\n') + '\n',
  );
  return EXIT.OK;
}

/** "1 draft invoice", "3 draft invoices". */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
