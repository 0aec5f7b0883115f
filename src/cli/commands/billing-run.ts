import { parseArgs } from 'node:util';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { billingRunStore } from '../../db/stores/billing-run-store.ts';
import { format } from '../../shared/money.ts';
import { EXIT, progress, type CliContext } from '../io.ts';
import { groupThousands } from '../table.ts';

/** `billing run --period YYYY-MM`: drafts every contract's invoice for the period. */
export async function billingRunCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { period: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  if (!values.period) {
    ctx.io.stderr('billing run needs --period YYYY-MM, for example: billing-copilot billing run --period 2026-10\n');
    return EXIT.USAGE;
  }
  const database = await ctx.database();
  const tick = progress(ctx.io, `billing ${values.period}`);
  const started = Date.now();
  const result = await runBilling(billingRunStore(database), { now: ctx.now }, {
    period: values.period,
    onProgress: (p) => tick(p.contractsDone, p.contractsTotal, `contracts, ${p.timeEntries} time entries, ${p.invoices} drafts`),
  });
  if (!result.ok) {
    ctx.io.stderr(`${result.error.message}\n`);
    return EXIT.USAGE;
  }
  const s = result.value;
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
    return EXIT.OK;
  }
  const totals = Object.entries(s.totalsByCurrency).map(([cur, minor]) => `${groupThousands(format({ amountMinor: minor, currency: cur }))} ${cur}`).join(', ') || 'nothing';
  ctx.io.stdout(
    `Billing run ${s.runId} for ${s.period} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
    `  contracts considered       ${s.contracts}\n  draft invoices             ${s.invoicesWritten}\n  lines                      ${s.linesWritten}\n` +
    `  time entries rated         ${s.timeEntriesRated}\n  exceptions raised          ${s.exceptions}\n` +
    `  left alone (past draft)    ${s.skippedLocked}\n  lost to a concurrent run   ${s.conflicts}\n  draft totals               ${totals}\n`,
  );
  return EXIT.OK;
}
