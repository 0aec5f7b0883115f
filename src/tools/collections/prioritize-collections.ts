import { eq, sql } from 'drizzle-orm';
import { assess, byPriority } from '../../billing/collections/prioritize.ts';
import { historyAsOf, type PromiseOnRecord, receivableFacts } from '../../billing/collections/receivable-facts.ts';
import { promisesAsOf } from '../../db/stores/dunning-store.ts';
import { firmPriorAsOf } from '../../billing/risk/features.ts';
import { byClient, type RiskModel, trainRiskModel } from '../../billing/risk/model.ts';
import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import { ok, type Result } from '../../shared/result.ts';
import { queryRows } from '../../db/client.ts';
import { worklistRuns } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  type ClientCollectionFacts,
  clientCollectionFacts,
  disputesOpenOn,
  latestRiskModel,
  ledgerHistory,
  openAmountsAsOf,
} from '../../db/stores/receivables-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { defineTool } from '../define-tool.ts';
import { readRunSummary } from './collections-summary.ts';

export interface PrioritizeResult {
  runId: string;
  asOf: string;
  /** True when the date had a run already: it is returned unchanged and nothing is written. */
  replayed: boolean;
  modelVersion: number | null;
  summary: WorklistSummary;
}

export interface WorklistSummary {
  items: number;
  byAction: Record<string, number>;
  byCollector: Record<string, number>;
  unassigned: number;
}

/** Clients scored per batch, and worklist rows per insert statement. */
const CLIENT_BATCH = 2000;
const INSERT_BATCH = 5000;

/**
 * The prioritization run for `asOf`: scores every receivable open on that date with the newest risk
 * model (or the prior when none is trained), ranks them, and stores the ranked worklist per collector
 * with one audit row. Reads happen in short statements outside any transaction; only the writes share
 * one. A second run for the same date returns the stored run: the worklist of a date never changes.
 */
export async function prioritizeCollections(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: { asOf: string },
  opts: { clientBatch?: number } = {},
): Promise<Result<PrioritizeResult, GateError>> {
  // Firm-wide (entity null): a person limited to some legal entities may not run it.
  const action: ActionOf<'collections.prioritize'> = {
    type: 'collections.prioritize',
    target: { kind: 'worklist', id: input.asOf },
    args: { asOf: input.asOf },
  };
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, action, { entityId: null });
  if (!denied.ok) return denied;
  const existing = await storedRun(database, input.asOf);
  if (existing) return ok(existing);

  const { asOf } = input;
  const stored = await latestRiskModel(database.db);
  // Before the first `models train`: the prior, with the firm's own rates as of the date where it has any.
  const model: RiskModel = stored?.model ?? {
    ...trainRiskModel([], asOf),
    prior: firmPriorAsOf(historyAsOf(await ledgerHistory(database.db), asOf), asOf),
  };
  const [disputed, clients, promises] = [
    await disputesOpenOn(database.db, asOf),
    await clientCollectionFacts(database.db),
    await promisesAsOf(database.db, asOf),
  ];
  const items = await scoreInBatches(
    database,
    asOf,
    model,
    { disputed, promises },
    clients,
    opts.clientBatch ?? CLIENT_BATCH,
  );
  items.sort(byPriority);
  const summary: WorklistSummary = { items: items.length, byAction: {}, byCollector: {}, unassigned: 0 };
  for (const r of items) {
    summary.byAction[r.action] = (summary.byAction[r.action] ?? 0) + 1;
    if (r.collectorId) summary.byCollector[r.collectorId] = (summary.byCollector[r.collectorId] ?? 0) + 1;
    else summary.unassigned++;
  }
  try {
    const written = await database.db.transaction(async (tx) => {
      const gate = await passGate(tx, ctx, action, { entityId: null });
      if (!gate.ok) return gate;
      const [run] = await tx
        .insert(worklistRuns)
        .values({
          asOf,
          modelVersion: stored?.version ?? null,
          createdBy: ctx.actor.userId,
          createdAt: ctx.now,
          summary: summary as unknown as Record<string, unknown>,
        })
        .returning({ id: worklistRuns.id });
      for (let k = 0; k < items.length; k += INSERT_BATCH) {
        const json = `[${items
          .slice(k, k + INSERT_BATCH)
          .map((r, j) => `${r.row},"rank":${k + j + 1}}`)
          .join(',')}]`;
        await queryRows(
          tx,
          sql`INSERT INTO worklist_items (run_id, invoice_id, collector_id, rank, priority, action, step, reasons, open_minor,
              currency, days_past_due, late_probability, expected_days_late, dispute_probability)
            SELECT ${run!.id}::uuid, x.invoice_id, x.collector_id, x.rank, x.priority, x.action, x.step, x.reasons, x.open_minor,
              x.currency, x.days_past_due, x.late_probability, x.expected_days_late, x.dispute_probability
            FROM jsonb_to_recordset(${json}::jsonb) AS x(invoice_id uuid, collector_id uuid, rank int, priority numeric,
              action text, step text, reasons jsonb, open_minor bigint, currency text, days_past_due int,
              late_probability numeric, expected_days_late numeric, dispute_probability numeric)`,
        );
      }
      await appendAudit(
        tx,
        auditEntry(ctx, {
          action: 'collections.prioritize',
          targetType: 'worklist_run',
          targetId: run!.id,
          before: null,
          after: { asOf, modelVersion: stored?.version ?? null, ...summary },
          decision: gate.value.decision,
        }),
      );
      return ok(run!.id);
    });
    if (!written.ok) return written;
    const runId = written.value;
    return ok({ runId, asOf, replayed: false, modelVersion: stored?.version ?? null, summary });
  } catch (e) {
    // A concurrent run for the same date won the unique index: its worklist is the date's.
    const raced = await storedRun(database, asOf);
    if (raced) return ok(raced);
    throw e;
  }
}

/** A scored receivable kept until the ranking: the sort keys, the summary's keys, and its row as a JSON object missing only the rank. */
interface WorkItem {
  invoiceId: string;
  priority: number;
  daysPastDue: number;
  action: string;
  collectorId: string | null;
  row: string;
}

/**
 * Scores the receivables open on `asOf` `batch` clients at a time (a client's ledger is all a
 * score reads besides the model), so only one batch of ledger rows is in memory; what is kept per
 * receivable is its worklist row, ready to write.
 */
async function scoreInBatches(
  database: UseCaseDatabase,
  asOf: string,
  model: RiskModel,
  status: { disputed: ReadonlySet<string>; promises: ReadonlyMap<string, PromiseOnRecord> },
  clients: ReadonlyMap<string, ClientCollectionFacts>,
  batch: number,
): Promise<WorkItem[]> {
  const ids = [...clients.keys()].sort();
  const items: WorkItem[] = [];
  for (let k = 0; k < ids.length; k += batch) {
    const range = { from: ids[k] as string, to: ids[Math.min(ids.length, k + batch) - 1] as string };
    // As of the date: what settled or was disputed later is not known yet.
    const known = historyAsOf(await ledgerHistory(database.db, range), asOf);
    const open = await openAmountsAsOf(database.db, asOf, range);
    // Open on the date: something still owed by then, and not settled (paid in full or written off) by then.
    const receivables = known
      .filter((i) => open.has(i.id) && i.settledDate === null)
      .map((i) => ({ ...i, openMinor: open.get(i.id) as bigint }));
    const scored = receivableFacts(
      model,
      asOf,
      receivables,
      byClient(known),
      status.disputed,
      clients,
      status.promises,
    );
    scored.forEach((s, n) => {
      const f = s.facts,
        a = assess(f),
        inv = receivables[n] as (typeof receivables)[number];
      const collectorId = clients.get(f.clientId)?.collectorId ?? null;
      const row = JSON.stringify({
        invoice_id: a.invoiceId,
        collector_id: collectorId,
        priority: a.priority.toFixed(4),
        action: a.action,
        step: a.step,
        reasons: a.reasons,
        open_minor: String(inv.openMinor),
        currency: inv.currency,
        days_past_due: f.daysPastDue,
        late_probability: f.lateProbability.toFixed(4),
        expected_days_late: Math.min(999_999, f.expectedDaysLate).toFixed(2),
        dispute_probability: s.disputeProbability.toFixed(4),
      });
      items.push({
        invoiceId: a.invoiceId,
        priority: a.priority,
        daysPastDue: a.daysPastDue,
        action: a.action,
        collectorId,
        row: row.slice(0, -1),
      });
    });
  }
  return items;
}

async function storedRun(database: UseCaseDatabase, asOf: string): Promise<PrioritizeResult | null> {
  const [run] = await database.db.select().from(worklistRuns).where(eq(worklistRuns.asOf, asOf));
  if (!run) return null;
  return {
    runId: run.id,
    asOf,
    replayed: true,
    modelVersion: run.modelVersion,
    summary: run.summary as unknown as WorklistSummary,
  };
}

export const prioritizeInputSchema = z.object({
  asOf: z
    .string()
    .refine(isIsoDate, 'a date YYYY-MM-DD')
    .describe('The date the worklist is for: receivables open on it, scored as known on it'),
});

const summarySchema = z.object({
  items: z.number().int(),
  byAction: z.record(z.string(), z.number().int()),
  byCollector: z.record(z.string(), z.number().int()).describe('Items per collector user id'),
  unassigned: z.number().int(),
});

/** The run with the finance team's digest of it (read from the stored rows, so a replay reads the same). */
export async function prioritizeWithDigest(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: { asOf: string },
): Promise<Result<PrioritizeResult & { digest: string }, GateError>> {
  const r = await prioritizeCollections(database, ctx, input);
  if (!r.ok) return r;
  const summary = await readRunSummary(database.db, input.asOf);
  return ok({ ...r.value, digest: summary.ok ? summary.value.text : '' });
}

export const collectionsPrioritize = defineTool({
  name: 'collections_prioritize',
  description:
    'Ranks every receivable open on a date by priority (amount, days past due, late and dispute likelihood, credit exposure, ' +
    'promises to pay) and stores the worklist per collector with its next action and reasons, with one audit row. The same date again ' +
    'returns the stored run unchanged (replayed). Controllers, finance admins and the nightly scheduler; firm-wide.',
  input: prioritizeInputSchema,
  output: z
    .object({
      runId: z.string(),
      asOf: z.string(),
      replayed: z.boolean(),
      modelVersion: z.number().int().nullable(),
      summary: summarySchema,
      digest: z
        .string()
        .describe('The run in words for the finance team: counts and amounts by action, the first items to work'),
    })
    .describe('The run of the date and its counts'),
  risk: 'write',
  policyAction: 'collections.prioritize',
  // Reads and scoring outside any transaction; one short transaction writes the run (no long lock the API waits on).
  transaction: 'own',
  handler: (ctx, input) => prioritizeWithDigest(ctx, ctx, input),
});
