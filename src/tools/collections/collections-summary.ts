import { desc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/client.ts';
import { worklistRuns } from '../../db/schema/index.ts';
import { WORKLIST_SUPERVISORS } from './roles.ts';
import { dateField } from '../../shared/bounded-fields.ts';
import { moneyView } from '../../shared/money.ts';
import type { DbOrTx } from '../../db/client.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { defineTool } from '../define-tool.ts';
import { outOfScopeError, type ScopeError } from '../scope.ts';
import { moneyViewSchema } from '../schemas.ts';

const TOP = 10;

const summarySchema = z.object({
  asOf: z.string().nullable(),
  runId: z.string().nullable(),
  modelVersion: z.number().int().nullable(),
  createdBy: z.string().nullable().describe('A person or service:scheduler'),
  items: z.number().int(),
  unassigned: z.number().int(),
  byAction: z
    .array(z.object({ action: z.string(), items: z.number().int(), open: z.array(moneyViewSchema) }))
    .describe('Per next action: items and open amount per currency'),
  byCollector: z.array(z.object({ collector: z.string().nullable(), items: z.number().int() })),
  top: z.array(
    z.object({
      rank: z.number().int(),
      number: z.string().nullable(),
      client: z.string(),
      open: moneyViewSchema,
      daysPastDue: z.number().int(),
      action: z.string(),
      reason: z.string(),
    }),
  ),
  text: z.string().describe('The digest in words, for the finance team (e-mail, Slack or Teams)'),
  remindersDrafted: z
    .object({ template: z.number().int(), model: z.number().int(), modelRefused: z.number().int() })
    .describe(
      "Reminders the dunning run of the same date queued, by who wrote the text, and how many of the templates went because a model's " +
        'draft was refused or not given (reminders_list has them). Counted when read: the night writes its digest before it queues reminders.',
    ),
});

/** The digest of a stored prioritization run, from its stored items: the same run always reads the same. */
export const collectionsSummary = defineTool({
  name: 'collections_summary',
  description:
    "The finance team's digest of a prioritization run (default the newest): items and open amount by next action, items per collector, " +
    'how many have no collector, the ten highest priorities with their first reason, and the same in words. Controllers, finance admins, auditors.',
  input: z.object({ asOf: dateField().optional().describe('The run date; default the newest run') }),
  output: summarySchema,
  risk: 'read',
  policyAction: null,
  readers: WORKLIST_SUPERVISORS,
  // Firm-wide: a person limited to some legal entities reads the worklist of theirs instead.
  handler: async (
    ctx,
    q,
  ): Promise<Result<RunSummary, ScopeError | { code: 'WORKLIST_RUN_NOT_FOUND'; message: string }>> =>
    authorityOf(ctx.actor).entityIds !== null ? err(outOfScopeError(null)) : readRunSummary(ctx.db, q.asOf),
});

export type RunSummary = z.infer<typeof summarySchema>;

/** The digest of the run of a date (default the newest), from its stored rows. */
export async function readRunSummary(
  db: DbOrTx,
  asOf: string | undefined,
): Promise<Result<RunSummary, { code: 'WORKLIST_RUN_NOT_FOUND'; message: string }>> {
  const [run] = asOf
    ? await db.select().from(worklistRuns).where(sql`${worklistRuns.asOf} = ${asOf}::date`)
    : await db.select().from(worklistRuns).orderBy(desc(worklistRuns.asOf)).limit(1);
  if (!run && asOf) return err({ code: 'WORKLIST_RUN_NOT_FOUND', message: `no prioritization run for ${asOf}` });
  if (!run) {
    return ok({
      asOf: null,
      runId: null,
      modelVersion: null,
      createdBy: null,
      items: 0,
      unassigned: 0,
      byAction: [],
      byCollector: [],
      top: [],
      text: 'No prioritization run yet.',
      remindersDrafted: { template: 0, model: 0, modelRefused: 0 },
    });
  }
  const actions = await queryRows<{ action: string; currency: string; n: number; open: string }>(
    db,
    sql`
    SELECT action, currency, count(*)::int AS n, sum(open_minor)::text AS open FROM worklist_items WHERE run_id = ${run.id} GROUP BY action, currency ORDER BY action, currency`,
  );
  const collectors = await queryRows<{ collector: string | null; n: number }>(
    db,
    sql`
    SELECT u.email AS collector, count(*)::int AS n FROM worklist_items w LEFT JOIN users u ON u.id = w.collector_id
    WHERE w.run_id = ${run.id} GROUP BY u.email ORDER BY u.email NULLS LAST`,
  );
  const top = await queryRows<{
    rank: number;
    number: string | null;
    client: string;
    open_minor: string;
    currency: string;
    days_past_due: number;
    action: string;
    reasons: string[] | string;
  }>(
    db,
    sql`
    SELECT w.rank, i.number, c.code AS client, w.open_minor::text, w.currency, w.days_past_due, w.action, w.reasons
    FROM worklist_items w JOIN invoices i ON i.id = w.invoice_id JOIN clients c ON c.id = i.client_id
    WHERE w.run_id = ${run.id} ORDER BY w.rank LIMIT ${TOP}`,
  );
  const [drafted] = await queryRows<{ template: number; model: number; refused: number }>(
    db,
    sql`
    SELECT count(*) FILTER (WHERE drafted_by NOT LIKE 'model:%')::int AS template,
      count(*) FILTER (WHERE drafted_by LIKE 'model:%')::int AS model, count(model_refusal)::int AS refused
    FROM reminder_outbox WHERE as_of = ${run.asOf}::date`,
  );
  const byAction = new Map<string, { action: string; items: number; open: { amount: string; currency: string }[] }>();
  for (const a of actions) {
    const e = byAction.get(a.action) ?? { action: a.action, items: 0, open: [] };
    e.items += Number(a.n);
    e.open.push(moneyView(BigInt(a.open), a.currency));
    byAction.set(a.action, e);
  }
  const items = [...byAction.values()].reduce((s, a) => s + a.items, 0);
  const unassigned = Number(collectors.find((c) => c.collector === null)?.n ?? 0);
  const topItems = top.map((t) => ({
    rank: Number(t.rank),
    number: t.number,
    client: t.client,
    open: moneyView(BigInt(t.open_minor), t.currency),
    daysPastDue: Number(t.days_past_due),
    action: t.action,
    reason: (typeof t.reasons === 'string' ? (JSON.parse(t.reasons) as string[]) : t.reasons)[0] ?? '',
  }));
  const money = (m: { amount: string; currency: string }[]) => m.map((x) => `${x.amount} ${x.currency}`).join(' + ');
  const text = [
    `Collections worklist of ${run.asOf}: ${items} open receivables, ${unassigned} without a collector.`,
    ...[...byAction.values()].map((a) => `- ${a.action}: ${a.items} (${money(a.open)})`),
    ...(topItems.length ? ['First to work:'] : []),
    ...topItems.map(
      (t) =>
        `${t.rank}. ${t.number ?? '(no number)'} ${t.client} ${t.open.amount} ${t.open.currency}, ${t.daysPastDue} days past due: ${t.action}; ${t.reason}`,
    ),
  ].join('\n');
  return ok({
    asOf: run.asOf,
    runId: run.id,
    modelVersion: run.modelVersion,
    createdBy: run.createdBy,
    items,
    unassigned,
    byAction: [...byAction.values()],
    byCollector: collectors.map((c) => ({ collector: c.collector, items: Number(c.n) })),
    top: topItems,
    text,
    remindersDrafted: {
      template: Number(drafted?.template ?? 0),
      model: Number(drafted?.model ?? 0),
      modelRefused: Number(drafted?.refused ?? 0),
    },
  });
}
