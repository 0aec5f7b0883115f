import { eq } from 'drizzle-orm';
import { prioritize, type ReceivableFacts } from '../../../billing/collections/prioritize.ts';
import { dayNumber, firmPriorAsOf } from '../../../billing/risk/features.ts';
import { byClient, type RiskModel, trainRiskModel } from '../../../billing/risk/model.ts';
import { scoreOpen } from '../../../billing/risk/score.ts';
import { authorityOf } from '../../../policy/permissions.ts';
import { minorUnits } from '../../../shared/currency.ts';
import { money } from '../../../shared/money.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { worklistItems, worklistRuns } from '../../schema/index.ts';
import { appendAudit } from '../../stores/audit-store.ts';
import {
  clientCollectionFacts, disputesOpenOn, latestRiskModel, ledgerHistory, openAmountsAsOf,
} from '../../stores/receivables-store.ts';
import { auditEntry, type UseCaseContext, type UseCaseDatabase } from '../context.ts';
import { COLLECTIONS_RUNNERS } from './roles.ts';

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
export async function prioritizeCollections(database: UseCaseDatabase, ctx: UseCaseContext, input: { asOf: string }):
  Promise<Result<PrioritizeResult, { code: 'FORBIDDEN'; message: string }>> {
  const authority = authorityOf(ctx.actor);
  if (!authority.roles.some((r) => COLLECTIONS_RUNNERS.includes(r))) {
    return err({ code: 'FORBIDDEN', message: `running the prioritization needs one of the roles ${COLLECTIONS_RUNNERS.join(', ')}` });
  }
  if (authority.entityIds !== null) return err({ code: 'FORBIDDEN', message: 'the worklist covers every legal entity; your access is limited to some' });
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
  const [open, disputed, clients] = [await openAmountsAsOf(database.db, asOf), await disputesOpenOn(database.db, asOf), await clientCollectionFacts(database.db)];
  const perClient = byClient(known);
  // Open on the date: something still owed by then, and not settled (paid in full or written off) by then.
  const receivables = known.filter((i) => open.has(i.id) && i.settledDate === null);
  const exposure = new Map<string, bigint>();
  for (const i of receivables) {
    const c = clients.get(i.clientId);
    if (c?.creditLimitCurrency === i.currency) exposure.set(i.clientId, (exposure.get(i.clientId) ?? 0n) + (open.get(i.id) as bigint));
  }
  // The dispute probability the late score used (conditioned on the invoice still being open), stored beside it.
  const disputeP = new Map<string, number>();
  const facts: ReceivableFacts[] = receivables.map((i) => {
    const c = clients.get(i.clientId);
    const s = scoreOpen(model, i, perClient.get(i.clientId) ?? [], asOf, disputed.has(i.id));
    disputeP.set(i.id, s.disputeProbability);
    const scale = 10 ** minorUnits(i.currency);
    const limit = c?.creditLimitMinor ?? null;
    return {
      invoiceId: i.id, clientId: i.clientId, openAmount: Number(open.get(i.id)) / scale,
      daysPastDue: dayNumber(asOf) - dayNumber(i.dueDate), disputeOpen: disputed.has(i.id),
      lateProbability: s.lateProbability, expectedDaysLate: s.expectedDaysLate, riskReasons: s.reasons,
      exposure: limit !== null && c?.creditLimitCurrency === i.currency
        ? { open: money(exposure.get(i.clientId) ?? 0n, i.currency), limit: money(limit, i.currency) } : null,
      activeProjects: c?.activeProjects ?? 0, segment: c?.segment ?? 'standard',
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
    const runId = await database.db.transaction(async (tx) => {
      const [run] = await tx.insert(worklistRuns).values({
        asOf, modelVersion: stored?.version ?? null, createdBy: ctx.actor.userId, createdAt: ctx.now, summary: summary as unknown as Record<string, unknown>,
      }).returning({ id: worklistRuns.id });
      const rows = ranked.map((r) => {
        const f = byId.get(r.invoiceId)!, inv = ledger.get(r.invoiceId)!;
        return {
          runId: run!.id, invoiceId: r.invoiceId, collectorId: clients.get(f.clientId)?.collectorId ?? null, rank: r.rank,
          priority: r.priority.toFixed(4), action: r.action, step: r.step, reasons: r.reasons, openMinor: open.get(r.invoiceId)!,
          currency: inv.currency, daysPastDue: f.daysPastDue, lateProbability: f.lateProbability.toFixed(4),
          expectedDaysLate: Math.min(999_999, f.expectedDaysLate).toFixed(2), disputeProbability: (disputeP.get(r.invoiceId) ?? 0).toFixed(4),
        };
      });
      for (let k = 0; k < rows.length; k += INSERT_BATCH) await tx.insert(worklistItems).values(rows.slice(k, k + INSERT_BATCH));
      await appendAudit(tx, auditEntry(ctx, {
        action: 'collections.prioritize', targetType: 'worklist_run', targetId: run!.id, before: null,
        after: { asOf, modelVersion: stored?.version ?? null, ...summary }, decision: null,
      }));
      return run!.id;
    });
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
  return { runId: run.id, asOf, replayed: true, modelVersion: run.modelVersion, summary: run.summary as unknown as WorklistSummary };
}
