import { desc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorityOf } from '../../policy/permissions.ts';
import { moneyView, type MoneyView } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { queryRows } from '../../db/client.ts';
import { inEntities } from '../../db/stores/entity-scope.ts';
import { worklistRuns } from '../../db/schema/index.ts';
import type { UseCaseContext, UseCaseDatabase } from '../policy-gate/context.ts';
import { WORKLIST_READERS, WORKLIST_SUPERVISORS } from './roles.ts';
import { dateField, emailField } from '../../shared/bounded-fields.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema, pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf, type ScopeError } from '../scope.ts';

export interface WorklistItemView {
  rank: number;
  invoiceId: string;
  number: string | null;
  client: string;
  segment: string;
  collector: string | null;
  open: MoneyView;
  daysPastDue: number;
  priority: string;
  action: string;
  step: string | null;
  lateProbability: string;
  expectedDaysLate: string;
  disputeProbability: string;
  reasons: string[];
}

export interface WorklistView {
  run: { id: string; asOf: string; modelVersion: number | null; createdAt: string } | null;
  /** Whose items these are: the caller's own (a collector), one collector's, or everyone's. */
  scope: 'own' | 'collector' | 'all';
  items: WorklistItemView[];
  /** Items of the run in this scope, beyond the page too. */
  total: number;
}

/**
 * A stored worklist (the date's run, default the newest): a collector sees the items of clients
 * assigned to them; controllers, finance admins and auditors see every item, or one collector's.
 * Items are in rank order, at most `limit`.
 */
export async function collectionsWorklist(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: {
    asOf?: string;
    collectorEmail?: string;
    legalEntityIds?: readonly string[] | null;
    limit?: number;
    offset?: number;
  },
): Promise<Result<WorklistView, { code: 'FORBIDDEN'; message: string }>> {
  const roles = authorityOf(ctx.actor).roles;
  if (!roles.some((r) => WORKLIST_READERS.includes(r)))
    return err({ code: 'FORBIDDEN', message: `worklists are for ${WORKLIST_READERS.join(', ')}` });
  const supervisor = roles.some((r) => WORKLIST_SUPERVISORS.includes(r));
  const self = authorityOf(ctx.actor).initiatorIds.at(-1) ?? ctx.actor.userId;
  const filter = supervisor
    ? input.collectorEmail
      ? sql`AND u.email = ${input.collectorEmail}`
      : sql``
    : sql`AND w.collector_id = ${self}`;
  const scope: WorklistView['scope'] = supervisor ? (input.collectorEmail ? 'collector' : 'all') : 'own';
  const [run] = input.asOf
    ? await database.db.select().from(worklistRuns).where(sql`${worklistRuns.asOf} = ${input.asOf}::date`)
    : await database.db.select().from(worklistRuns).orderBy(desc(worklistRuns.asOf)).limit(1);
  if (!run) return ok({ run: null, scope, items: [], total: 0 });
  const entities = input.legalEntityIds ?? authorityOf(ctx.actor).entityIds;
  // No entities in scope is `false` (an empty list), never `IN ()`.
  const where = sql`w.run_id = ${run.id} ${filter} AND ${inEntities(sql.raw('i.legal_entity_id'), entities ?? null)}`;
  const from = sql`worklist_items w JOIN invoices i ON i.id = w.invoice_id JOIN clients c ON c.id = i.client_id LEFT JOIN users u ON u.id = w.collector_id`;
  const [count] = await queryRows<{ n: string }>(
    database.db,
    sql`SELECT count(*)::text AS n FROM ${from} WHERE ${where}`,
  );
  const rows = await queryRows<{
    rank: number;
    invoice_id: string;
    number: string | null;
    client: string;
    segment: string;
    collector: string | null;
    open_minor: string;
    currency: string;
    days_past_due: number;
    priority: string;
    action: string;
    step: string | null;
    late_probability: string;
    expected_days_late: string;
    dispute_probability: string;
    reasons: string[];
  }>(
    database.db,
    sql`
    SELECT w.rank, w.invoice_id, i.number, c.code AS client, c.segment, u.email AS collector, w.open_minor::text, w.currency,
      w.days_past_due, w.priority::text, w.action, w.step, w.late_probability::text, w.expected_days_late::text,
      w.dispute_probability::text, w.reasons
    FROM ${from} WHERE ${where}
    ORDER BY w.rank LIMIT ${Math.min(input.limit ?? 500, 5000)} OFFSET ${input.offset ?? 0}`,
  );
  return ok({
    run: runView(run),
    scope,
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      rank: Number(r.rank),
      invoiceId: r.invoice_id,
      number: r.number,
      client: r.client,
      segment: r.segment,
      collector: r.collector,
      open: moneyView(BigInt(r.open_minor), r.currency),
      daysPastDue: Number(r.days_past_due),
      priority: r.priority,
      action: r.action,
      step: r.step,
      lateProbability: r.late_probability,
      expectedDaysLate: r.expected_days_late,
      disputeProbability: r.dispute_probability,
      reasons: typeof r.reasons === 'string' ? (JSON.parse(r.reasons) as string[]) : r.reasons,
    })),
  });
}

const runView = (run: typeof worklistRuns.$inferSelect): NonNullable<WorklistView['run']> => ({
  id: run.id,
  asOf: run.asOf,
  modelVersion: run.modelVersion,
  createdAt: run.createdAt.toISOString(),
});

export const worklistQuerySchema = z
  .object({
    asOf: dateField().optional().describe('The run date (YYYY-MM-DD); default the newest run'),
    collector: emailField()
      .optional()
      .describe("One collector's items (controllers, finance admins, auditors); a collector always sees their own"),
  })
  .extend(paginationSchema.shape)
  .extend(entityFilterSchema.shape);

const worklistItemSchema = z.object({
  rank: z.number().int(),
  invoiceId: z.string(),
  number: z.string().nullable(),
  client: z.string(),
  segment: z.string(),
  collector: z.string().nullable(),
  open: moneyViewSchema,
  daysPastDue: z.number().int(),
  priority: z.string(),
  action: z.string().describe('hold, escalate, call, reminder or monitor'),
  step: z.string().nullable().describe('The reminder step, for reminders and escalations'),
  lateProbability: z.string(),
  expectedDaysLate: z.string(),
  disputeProbability: z.string(),
  reasons: z.array(z.string()),
  asOf: z.string().nullable(),
  runId: z.string().nullable(),
  modelVersion: z.number().int().nullable(),
});

const worklistPageSchema = pageSchema(worklistItemSchema);
type WorklistPage = z.infer<typeof worklistPageSchema>;

export const collectionsWorklistList = defineTool({
  name: 'collections_worklist',
  description:
    'The ranked collections worklist of a prioritization run (default the newest): each open receivable with its next action, ' +
    "priority, scores and reasons. A collector sees the clients assigned to them; controllers, finance admins and auditors see all or one collector's.",
  input: worklistQuerySchema,
  output: worklistPageSchema,
  risk: 'read',
  policyAction: null,
  readers: WORKLIST_READERS,
  handler: async (ctx, q): Promise<Result<WorklistPage, ScopeError | { code: 'FORBIDDEN'; message: string }>> => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const r = await collectionsWorklist(ctx, ctx, {
      ...(q.asOf ? { asOf: q.asOf } : {}),
      ...(q.collector ? { collectorEmail: q.collector } : {}),
      legalEntityIds: scope.value,
      limit: q.limit,
      offset: q.offset,
    });
    if (!r.ok) return r;
    const run = r.value.run;
    const items = r.value.items.map((i) => ({
      ...i,
      asOf: run?.asOf ?? null,
      runId: run?.id ?? null,
      modelVersion: run?.modelVersion ?? null,
    }));
    return ok(pageOf(items, r.value.total, q.limit, q.offset));
  },
});
