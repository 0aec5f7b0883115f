import { eq } from 'drizzle-orm';
import { prioritize, promiseState, type ReceivableFacts } from '../../billing/collections/prioritize.ts';
import { promisesAsOf } from '../../db/stores/dunning-store.ts';
import { dayNumber, firmPriorAsOf } from '../../billing/risk/features.ts';
import { byClient, type RiskModel, trainRiskModel } from '../../billing/risk/model.ts';
import { scoreOpen } from '../../billing/risk/score.ts';
import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import { minorUnits } from '../../shared/currency.ts';
import { format, money } from '../../shared/money.ts';
import { ok, type Result } from '../../shared/result.ts';
import { worklistItems, worklistRuns } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  clientCollectionFacts,
  disputesOpenOn,
  latestRiskModel,
  ledgerHistory,
  openAmountsAsOf,
} from '../../db/stores/receivables-store.ts';
import { passGate, precheck, type GateError } from '../../db/usecases/approval-gate.ts';
import { auditEntry, readMatrixInForce, type UseCaseContext, type UseCaseDatabase } from '../../db/usecases/context.ts';
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

const INSERT_BATCH = 1000;

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
  const history = (await ledgerHistory(database.db)).filter((i) => i.issueDate <= asOf);
  // As of the date: what settled or was disputed later is not known yet.
  const known = history.map((i) => ({
    ...i,
    settledDate: i.settledDate !== null && i.settledDate <= asOf ? i.settledDate : null,
    disputeKnownOn: i.disputeKnownOn !== null && i.disputeKnownOn <= asOf ? i.disputeKnownOn : null,
  }));
  const stored = await latestRiskModel(database.db);
  // Before the first `models train`: the prior, with the firm's own rates as of the date where it has any.
  const model: RiskModel = stored?.model ?? { ...trainRiskModel([], asOf), prior: firmPriorAsOf(known, asOf) };
  const [open, disputed, clients, promises] = [
    await openAmountsAsOf(database.db, asOf),
    await disputesOpenOn(database.db, asOf),
    await clientCollectionFacts(database.db),
    await promisesAsOf(database.db, asOf),
  ];
  const perClient = byClient(known);
  // Open on the date: something still owed by then, and not settled (paid in full or written off) by then.
  const receivables = known.filter((i) => open.has(i.id) && i.settledDate === null);
  const exposure = new Map<string, bigint>();
  for (const i of receivables) {
    const c = clients.get(i.clientId);
    if (c?.creditLimitCurrency === i.currency)
      exposure.set(i.clientId, (exposure.get(i.clientId) ?? 0n) + (open.get(i.id) as bigint));
  }
  // The dispute probability the late score used (conditioned on the invoice still being open), stored beside it.
  const disputeP = new Map<string, number>();
  const facts: ReceivableFacts[] = receivables.map((i) => {
    const c = clients.get(i.clientId);
    const s = scoreOpen(model, i, perClient.get(i.clientId) ?? [], asOf, disputed.has(i.id));
    disputeP.set(i.id, s.disputeProbability);
    const scale = 10 ** minorUnits(i.currency);
    const limit = c?.creditLimitMinor ?? null;
    const p = promises.get(i.id);
    const state = p ? promiseState(p, open.get(i.id) as bigint, asOf) : null;
    return {
      invoiceId: i.id,
      clientId: i.clientId,
      openAmount: Number(open.get(i.id)) / scale,
      daysPastDue: dayNumber(asOf) - dayNumber(i.dueDate),
      disputeOpen: disputed.has(i.id),
      lateProbability: s.lateProbability,
      expectedDaysLate: s.expectedDaysLate,
      riskReasons: s.reasons,
      exposure:
        limit !== null && c?.creditLimitCurrency === i.currency
          ? { open: money(exposure.get(i.clientId) ?? 0n, i.currency), limit: money(limit, i.currency) }
          : null,
      activeProjects: c?.activeProjects ?? 0,
      segment: c?.segment ?? 'standard',
      promise:
        p && state
          ? { state, promisedFor: p.promisedFor, amount: `${format(money(p.amountMinor, p.currency))} ${p.currency}` }
          : null,
    };
  });
  const byId = new Map(facts.map((f) => [f.invoiceId, f]));
  const ledger = new Map(receivables.map((i) => [i.id, i]));
  const ranked = prioritize(facts);
  const summary: WorklistSummary = { items: ranked.length, byAction: {}, byCollector: {}, unassigned: 0 };
  for (const r of ranked) {
    summary.byAction[r.action] = (summary.byAction[r.action] ?? 0) + 1;
    const collector = clients.get(byId.get(r.invoiceId)!.clientId)?.collectorId ?? null;
    if (collector) summary.byCollector[collector] = (summary.byCollector[collector] ?? 0) + 1;
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
      const rows = ranked.map((r) => {
        const f = byId.get(r.invoiceId)!,
          inv = ledger.get(r.invoiceId)!;
        return {
          runId: run!.id,
          invoiceId: r.invoiceId,
          collectorId: clients.get(f.clientId)?.collectorId ?? null,
          rank: r.rank,
          priority: r.priority.toFixed(4),
          action: r.action,
          step: r.step,
          reasons: r.reasons,
          openMinor: open.get(r.invoiceId)!,
          currency: inv.currency,
          daysPastDue: f.daysPastDue,
          lateProbability: f.lateProbability.toFixed(4),
          expectedDaysLate: Math.min(999_999, f.expectedDaysLate).toFixed(2),
          disputeProbability: (disputeP.get(r.invoiceId) ?? 0).toFixed(4),
        };
      });
      for (let k = 0; k < rows.length; k += INSERT_BATCH)
        await tx.insert(worklistItems).values(rows.slice(k, k + INSERT_BATCH));
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
