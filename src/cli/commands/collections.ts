import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isIsoDate } from '../../shared/dates.ts';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { runToolCommand, toJson } from '../tool-command.ts';
import { bounceCommand } from './collections-bounce.ts';
import { remindersCommand } from './collections-reminders.ts';

export const USAGE = `Usage:
  billing-copilot models train [--as-of YYYY-MM-DD] [--no-backfill] [--json]
  billing-copilot models backfill [--as-of YYYY-MM-DD] [--json]
  billing-copilot collections prioritize --as-of YYYY-MM-DD [--json]
  billing-copilot collections worklist [--as-of YYYY-MM-DD] [--collector EMAIL] [--limit N<=200] [--json]
  billing-copilot collections assign --client CODE [--collector EMAIL] [--segment NAME]
  billing-copilot collections promise --invoice N --amount A --date YYYY-MM-DD --by NAME
  billing-copilot collections promises [--status open|kept|broken|superseded|all] [--json]
  billing-copilot collections reminders [--drafted-by template|model|model:NAME] [--model-refused] [--status S]
      [--client CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--collector EMAIL] [--limit N<=200] [--json]
  billing-copilot collections pause (--invoice N | --client CODE) --reason TEXT [--until YYYY-MM-DD]
  billing-copilot collections resume (--invoice N | --client CODE) --reason TEXT
  billing-copilot collections policy show [--scope segment:NAME|client:CODE] [--json]
  billing-copilot collections policy set FILE.json --reason TEXT
  billing-copilot collections late-fee --invoice NUMBER [--step final] [--as-of YYYY-MM-DD] [--json]
  billing-copilot collections bounce [FILE] [--json]     a reminder e-mail bounced: FILE (or stdin) is the bounce
`;

/** --as-of as a date: undefined when absent and optional, null (with the sentence printed) when wrong. */
export function dateFlag(ctx: CliContext, value: string | undefined, required: boolean): string | null | undefined {
  if (value === undefined) {
    if (required) ctx.io.stderr(`--as-of YYYY-MM-DD is required.\n${USAGE}`);
    return required ? null : undefined;
  }
  if (!isIsoDate(value)) {
    ctx.io.stderr(`--as-of must be a date YYYY-MM-DD, got "${value}". Nothing was written.\n`);
    return null;
  }
  return value;
}

type Flags = Record<string, string | boolean | undefined>;

/** `collections promise` records a promise to pay; `collections promises` lists them (as the key's user). */
async function promiseCommand(sub: 'promise' | 'promises', v: Flags, ctx: CliContext): Promise<number> {
  if (sub === 'promises') {
    const { promisesList } = await import('../../tools/collections/list-promises.ts');
    return runToolCommand(ctx, promisesList, { status: (v.status as 'open') ?? 'open', limit: 200 }, (r) => {
      if (v.json) return ctx.io.stdout(`${toJson(r)}\n`);
      if (!r.items.length) return ctx.io.stdout('No promises to pay with that status.\n');
      ctx.io.stdout(
        renderTable(
          ['Invoice', 'Client', 'Amount', 'By', 'Promised by', 'Recorded by', 'Status'],
          r.items.map((p) => [
            p.invoice,
            p.client,
            `${p.amount.amount} ${p.amount.currency}`,
            p.promisedFor,
            p.promisedBy,
            p.recordedBy,
            p.closedOn ? `${p.status} ${p.closedOn}` : p.status,
          ]),
        ),
      );
      ctx.io.stdout(`${r.items.length} of ${r.page.total}.\n`);
    });
  }
  if (
    typeof v.invoice !== 'string' ||
    typeof v.amount !== 'string' ||
    typeof v.date !== 'string' ||
    typeof v.by !== 'string'
  ) {
    ctx.io.stderr(`--invoice, --amount, --date and --by are all required. Nothing was recorded.\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { collectionsRecordPromise } = await import('../../tools/collections/record-promise.ts');
  return runToolCommand(
    ctx,
    collectionsRecordPromise,
    { invoice: v.invoice, amount: v.amount, promisedFor: v.date, promisedBy: v.by },
    (r) =>
      ctx.io.stdout(
        `Promise recorded: ${r.amount.amount} ${r.amount.currency} on ${r.invoice} by ${r.promisedFor}; reminders wait until then` +
          `${r.superseded ? ` (${r.superseded} earlier promise superseded)` : ''}.\n`,
      ),
  );
}

/** `collections pause|resume`: a manual pause of an invoice's or a client's reminders, with the reason. */
async function pauseCommand(sub: 'pause' | 'resume', v: Flags, ctx: CliContext): Promise<number> {
  const target =
    typeof v.invoice === 'string' ? { invoice: v.invoice } : typeof v.client === 'string' ? { client: v.client } : null;
  if (!target || (v.invoice && v.client) || typeof v.reason !== 'string') {
    ctx.io.stderr(`Name --invoice or --client (one of them) and a --reason. Nothing was changed.\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { collectionsPauseDunning } = await import('../../tools/collections/pause-dunning.ts');
  return runToolCommand(
    ctx,
    collectionsPauseDunning,
    {
      ...target,
      reason: v.reason,
      resume: sub === 'resume',
      ...(sub === 'pause' && typeof v.until === 'string' ? { until: v.until } : {}),
    },
    (r) =>
      ctx.io.stdout(
        r.paused
          ? `Reminders for ${r.target} paused.\n`
          : `Reminders for ${r.target} resumed (${r.pauses} pause(s) ended).\n`,
      ),
  );
}

/** One step as a line: "+45 final (email, template x, final notice, late fee: contract)". */
const stepLine = (s: {
  days: number;
  step: string;
  channel: string;
  kind?: string | undefined;
  template?: string | undefined;
  finalNotice?: boolean | undefined;
  lateFee?: { kind: string; percent?: string } | null | undefined;
}): string =>
  `${s.days >= 0 ? '+' : ''}${s.days} ${s.step} (${[
    s.channel,
    s.template ? `template ${s.template}` : null,
    s.finalNotice || s.kind === 'final_notice' ? 'final notice' : null,
    s.lateFee
      ? `late fee: ${s.lateFee.kind === 'contract' ? "the contract's" : `${s.lateFee.percent}% a month`}`
      : null,
  ]
    .filter(Boolean)
    .join(', ')})`;

/**
 * `collections policy show|set`: the reminder sequences in force, and a change to one from a JSON file
 * ({ "scope": "segment:strategic", "steps": [...], "fromVersion": 2 }), with the reason kept in the audit trail.
 */
async function policyCommand(args: string[], v: Flags, ctx: CliContext): Promise<number> {
  const [verb, file] = args;
  const { dunningPolicySet, dunningPolicyShow } = await import('../../tools/collections/dunning-policy.ts');
  if (verb === 'show') {
    return runToolCommand(ctx, dunningPolicyShow, typeof v.scope === 'string' ? { scope: v.scope } : {}, (r) => {
      if (v.json) return ctx.io.stdout(`${toJson(r)}\n`);
      ctx.io.stdout(`default (built in): ${r.default.map(stepLine).join('; ')}\n`);
      for (const p of r.policies)
        ctx.io.stdout(
          `${p.scope} v${p.version} (${p.updatedBy}, ${p.updatedAt.slice(0, 10)}): ${p.steps.map(stepLine).join('; ')}\n`,
        );
      if (!r.policies.length) ctx.io.stdout('No segment or client sequence is stored: the default applies to all.\n');
    });
  }
  if (verb !== 'set' || !file || typeof v.reason !== 'string') {
    ctx.io.stderr(`Name the JSON file and a --reason. Nothing was changed.\n${USAGE}`);
    return EXIT.USAGE;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    ctx.io.stderr(`Could not read ${file} as JSON (${(e as Error).message}). Nothing was changed.\n`);
    return EXIT.USAGE;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    ctx.io.stderr(`${file} must hold an object { "scope": ..., "steps": [...] }. Nothing was changed.\n`);
    return EXIT.USAGE;
  }
  return runToolCommand(ctx, dunningPolicySet, { ...(body as { scope: string; steps: [] }), reason: v.reason }, (r) =>
    ctx.io.stdout(
      v.json ? `${toJson(r)}\n` : `${r.scope} is at version ${r.version}: ${r.steps.map(stepLine).join('; ')}\n`,
    ),
  );
}

/** `collections late-fee`: the late fee of an overdue invoice on a draft of its own (an account manager approves). */
async function lateFeeCommand(v: Flags, ctx: CliContext): Promise<number> {
  if (typeof v.invoice !== 'string') {
    ctx.io.stderr(`--invoice NUMBER is required. Nothing was billed.\n${USAGE}`);
    return EXIT.USAGE;
  }
  const asOf = dateFlag(ctx, v['as-of'] as string | undefined, false);
  if (asOf === null) return EXIT.USAGE;
  const database = await ctx.database();
  const { findInvoiceId } = await import('../../db/stores/invoice-queries.ts');
  const invoiceId = await findInvoiceId(database.db, v.invoice);
  if (!invoiceId) {
    ctx.io.stderr(`No invoice ${v.invoice}. Nothing was billed.\n`);
    return EXIT.NOT_FOUND;
  }
  const { invoicesApplyLateFee } = await import('../../tools/invoices/apply-late-fee.ts');
  return runToolCommand(
    ctx,
    invoicesApplyLateFee,
    {
      invoiceId,
      ...(typeof v.step === 'string' ? { step: v.step as 'final' } : {}),
      ...(asOf ? { asOf } : {}),
    },
    (r) =>
      ctx.io.stdout(
        v.json
          ? `${toJson(r)}\n`
          : `${r.replayed ? 'Already billed' : 'Billed'}: late fee ${r.fee.amount} ${r.fee.currency} on ${r.overdueNumber} ` +
              `(${r.percentMonthly}% a month on ${r.open.amount} open, ${r.daysOverdue} days overdue to ${r.asOf}) ` +
              `on draft invoice ${r.feeInvoiceId}: submit it for approval like any invoice.\n`,
      ),
  );
}

/** `collections prioritize|worklist|assign|promise|promises|reminders|pause|resume|policy|late-fee|bounce`. */
export async function collectionsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      scope: { type: 'string' },
      step: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
      collector: { type: 'string' },
      client: { type: 'string' },
      segment: { type: 'string' },
      limit: { type: 'string' },
      invoice: { type: 'string' },
      amount: { type: 'string' },
      date: { type: 'string' },
      by: { type: 'string' },
      status: { type: 'string' },
      reason: { type: 'string' },
      until: { type: 'string' },
      'drafted-by': { type: 'string' },
      'model-refused': { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  if (sub === 'policy') return policyCommand(positionals, values, ctx);
  if (sub === 'bounce') return bounceCommand(positionals, values, ctx, USAGE);
  if (positionals.length) {
    ctx.io.stderr(`Unexpected ${positionals.join(' ')}.\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (sub === 'late-fee') return lateFeeCommand(values, ctx);
  if (sub === 'promise' || sub === 'promises') return promiseCommand(sub, values, ctx);
  if (sub === 'reminders') return remindersCommand(values, ctx);
  if (sub === 'pause' || sub === 'resume') return pauseCommand(sub, values, ctx);
  if (sub === 'prioritize') {
    const asOf = dateFlag(ctx, values['as-of'], true);
    if (!asOf) return EXIT.USAGE;
    const { collectionsPrioritize } = await import('../../tools/collections/prioritize-collections.ts');
    return runToolCommand(ctx, collectionsPrioritize, { asOf }, (v) => {
      if (values.json) {
        ctx.io.stdout(`${toJson(v)}\n`);
        return;
      }
      const s = v.summary;
      ctx.io.stdout(
        `${v.replayed ? 'The worklist of' : 'Prioritized'} ${asOf}${v.replayed ? ' was already stored; unchanged' : ''}: ${s.items} open receivables ` +
          `(${
            Object.entries(s.byAction)
              .map(([a, n]) => `${n} ${a}`)
              .join(', ') || 'none'
          }), ${s.unassigned} without a collector; ` +
          `model ${v.modelVersion === null ? 'none trained (prior)' : `v${v.modelVersion}`}.\n`,
      );
    });
  }
  if (sub === 'worklist') {
    const asOf = dateFlag(ctx, values['as-of'], false);
    if (asOf === null) return EXIT.USAGE;
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      ctx.io.stderr('--limit must be a whole number from 1 to 200.\n');
      return EXIT.USAGE;
    }
    const { collectionsWorklistList } = await import('../../tools/collections/collections-worklist.ts');
    return runToolCommand(
      ctx,
      collectionsWorklistList,
      { ...(asOf ? { asOf } : {}), ...(values.collector ? { collector: values.collector } : {}), limit },
      (v) => {
        const first = v.items[0];
        if (values.json) {
          ctx.io.stdout(
            `${toJson({ run: first ? { asOf: first.asOf, runId: first.runId, modelVersion: first.modelVersion } : null, total: v.page.total, items: v.items })}\n`,
          );
          return;
        }
        if (!first) {
          ctx.io.stdout(
            'No worklist items: no prioritization run yet (`billing-copilot collections prioritize --as-of DATE`) or none in your scope.\n',
          );
          return;
        }
        ctx.io.stdout(
          renderTable(
            ['#', 'Invoice', 'Client', 'Open', 'Past due', 'P(late)', 'Action', 'Why'],
            v.items.map((i) => [
              String(i.rank),
              i.number ?? i.invoiceId.slice(0, 8),
              i.client,
              `${i.open.amount} ${i.open.currency}`,
              String(i.daysPastDue),
              i.lateProbability,
              i.step ? `${i.action}:${i.step}` : i.action,
              i.reasons[0] ?? '',
            ]),
          ),
        );
        ctx.io.stdout(`${v.items.length} of ${v.page.total} items of ${first.asOf}.\n`);
      },
    );
  }
  if (sub === 'assign') {
    if (!values.client || (values.collector === undefined && values.segment === undefined)) {
      ctx.io.stderr(USAGE);
      return EXIT.USAGE;
    }
    const { clientsAssignCollector } = await import('../../tools/collections/assign-collector.ts');
    return runToolCommand(
      ctx,
      clientsAssignCollector,
      {
        clientCode: values.client,
        ...(values.collector ? { collectorEmail: values.collector } : {}),
        ...(values.segment ? { segment: values.segment } : {}),
      },
      (v) => ctx.io.stdout(`${v.client}: collector ${v.collector ?? '(unchanged)'}, segment ${v.segment}.\n`),
    );
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}
