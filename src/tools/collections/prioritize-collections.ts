import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { assess } from '../../billing/collections/prioritize.ts';
import { type DunningContext, historyAsOf, receivableFacts } from '../../billing/collections/receivable-facts.ts';
import { firmPriorAsOf } from '../../billing/risk/features.ts';
import { byClient, type RiskModel, trainRiskModel } from '../../billing/risk/model.ts';
import { disputeAtIssue, scoreOpenLean } from '../../billing/risk/score.ts';
import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import { ok, type Result } from '../../shared/result.ts';
import { worklistRuns } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { dedicatedConnection, serverPoolOf } from '../../db/client.ts';
import { ledgerHistory } from '../../db/stores/receivables-store.ts';
import { currentRiskModel, type ScoreKey, writeDisputeScores } from '../../db/stores/dispute-scores-store.ts';
import { activePauses, dunningPolicyTable } from '../../db/stores/dunning-store.ts';
import { rankingFx, type RankingFxOf } from '../../db/stores/exchange-rate-store.ts';
import {
  copyRankedItems,
  dropStaged,
  rankStagedRows,
  type StagedRow,
  stageRows,
} from '../../db/stores/worklist-staging-store.ts';
import { RankedSpool } from './ranked-spool.ts';
import { type Chunk, cutToDate, ledgerChunks, type Receivable } from './ledger-chunks.ts';
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

/** Dispute probabilities at issue the run read stored, and those it computed and stored (first run under a model). */
interface DisputeScoreCounts {
  read: number;
  computed: number;
}

/** Clients scored per chunk on PGlite (and by the score backfill): one read of their ledger, one write. */
export const CLIENT_BATCH = 2000;

/**
 * Clients per chunk of the prioritization on a server (through its cursor): 500, about 5,000 invoices.
 * At 2,000 a chunk's objects outlived collections of the young generation; at 500 the process used
 * 9-13% less CPU and peaked at 345 MiB instead of about 500 at 200,000 invoices, for a little more of
 * the server's (performance.md#prioritization). PGlite's range reads were not measured at 500.
 */
export const SERVER_CLIENT_BATCH = 500;

/**
 * The prioritization run for `asOf`: scores every receivable open on that date with the newest risk
 * model (or the prior when none is trained), ranks them, and stores the ranked worklist per collector
 * with one audit row. It works about `clientBatch` clients at a time, each chunk one read (no write
 * transaction open while it scores). On a PostgreSQL server each chunk's rows wait in this process as
 * COPY text (RankedSpool: a Buffer per chunk, sort keys in typed arrays), and one transaction writes
 * them once, ranked, into the worklist with one COPY beside the run row and its audit row. On PGlite
 * (no COPY) each chunk's rows are staged and that transaction ranks them with one INSERT ... SELECT. Each receivable's dispute probability at issue is read where stored under the model
 * (invoice_dispute_scores, written at posting or by an earlier run) and otherwise computed and stored
 * with its chunk, so after a new model the first run scores and later runs only read. A second run
 * for the same date returns the stored run: the worklist of a date never changes. `staged`: stage and
 * rank in SQL on a server too (bench/prioritize-identical compares the two ways).
 */
export async function prioritizeCollections(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: { asOf: string },
  opts: { clientBatch?: number; staged?: boolean } = {},
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
  const stored = await currentRiskModel(database.db);
  // Before the first `models train`: the prior, with the firm's own rates as of the date where it has any.
  const model: RiskModel = stored?.model ?? {
    ...trainRiskModel([], asOf),
    prior: firmPriorAsOf(historyAsOf(await ledgerHistory(database.db), asOf), asOf),
  };
  const buildId = randomUUID();
  try {
    const key: ScoreKey | null = stored ? { version: stored.version, hash: stored.hash } : null;
    const counts: DisputeScoreCounts = { read: 0, computed: 0 };
    // The sequences and pauses are read once (a handful of rows); the steps sent come with each chunk's ledger.
    const dunning = { policies: await dunningPolicyTable(database.db), pauses: await activePauses(database.db, asOf) };
    // Amounts of other currencies rank converted into the firm's (rankingFx); one without a rate ranks as it is.
    const fx = await rankingFx(database.db, asOf);
    // On a server the rows wait in this process, ranked, and are written once; PGlite stages and ranks them.
    const spool = serverPoolOf(database.db) && !opts.staged ? new RankedSpool() : null;
    const inputs: RunInputs = { asOf, model, key, buildId, at: ctx.now, counts, dunning, fx, spool };
    const { summary, server } = await scoreAndStage(
      database,
      inputs,
      opts.clientBatch ?? (spool ? SERVER_CLIENT_BATCH : CLIENT_BATCH),
    );
    // The sort of the run's rows (pure CPU) before the transaction, which then only writes.
    spool?.sort();
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
      if (spool) {
        if (!(await copyRankedItems(tx, run!.id, summary.items, spool.copyText(run!.id))))
          throw new Error('worklist: the run transaction has no server connection to copy into');
      }
      // PGlite's memory only grows, so its ranking sorts in temporary files.
      else await rankStagedRows(tx, buildId, run!.id, summary.items, { sortInMemory: server });
      await appendAudit(
        tx,
        auditEntry(ctx, {
          action: 'collections.prioritize',
          targetType: 'worklist_run',
          targetId: run!.id,
          before: null,
          after: {
            asOf,
            modelVersion: stored?.version ?? null,
            ...summary,
            disputeScores: counts,
            rankingCurrency: fx.currency || null,
            unconvertedCurrencies: [...fx.unconverted].sort(),
            // Credit exposure's own: a currency left out of a client's exposure for want of a rate into its limit's.
            exposureUnconverted: [...fx.exposureUnconverted.keys()].sort().map((k) => fx.exposureUnconverted.get(k)),
          },
          decision: gate.value.decision,
        }),
      );
      return ok(run!.id);
    });
    if (!written.ok) return written;
    return ok({ runId: written.value, asOf, replayed: false, modelVersion: stored?.version ?? null, summary });
  } catch (e) {
    // A concurrent run for the same date won the unique index: its worklist is the date's.
    const raced = await storedRun(database, asOf);
    if (raced) return ok(raced);
    throw e;
  } finally {
    await dropStaged(database.db, buildId);
  }
}

/**
 * Scores the receivables open on `asOf` a chunk of whole clients at a time (a client's ledger is all
 * a score reads besides the model) and keeps (a server) or stages (PGlite) each chunk's rows; returns
 * the run's counts. On
 * PostgreSQL the ledger comes through one cursor in client order (a read-only snapshot on a
 * connection of its own, about `batch` clients a fetch); on PGlite `batch` clients by id per
 * statement, so no statement holds its one engine long. On PostgreSQL it is pipelined: while a
 * chunk is scored (here, in JS) the next one is read and the previous one written (by the server, on
 * another core), so at most three chunks are in memory. PGlite runs in this thread, so there it
 * reads, scores and writes one chunk after the other. `server`: it ran on a database server.
 */
async function scoreAndStage(
  database: UseCaseDatabase,
  run: RunInputs,
  batch: number,
): Promise<{ summary: WorklistSummary; server: boolean }> {
  const summary: WorklistSummary = { items: 0, byAction: {}, byCollector: {}, unassigned: 0 };
  const conn = await dedicatedConnection(database.db);
  const chunks = ledgerChunks(database, conn, run, batch);
  let next = chunks.next();
  let writing: Promise<void> = Promise.resolve();
  try {
    for (let r = await next; !r.done; r = await next) {
      if (conn) {
        next = chunks.next();
        // Until it is awaited, a failed read must not count as unhandled (the loop or finally awaits it).
        next.catch(() => undefined);
      }
      const scored = scoreChunk(run, summary, r.value);
      await writing;
      writing = writeChunk(database, run, scored);
      if (!conn) {
        await writing;
        next = chunks.next();
      }
    }
    await writing;
  } finally {
    await writing.catch(() => undefined);
    // Ends the snapshot when a write failed while a read was ahead (queued after that read).
    await chunks.return(undefined).catch(() => undefined);
    conn?.release();
  }
  return { summary, server: conn !== null };
}

/** What every chunk of a run shares. */
interface RunInputs {
  asOf: string;
  model: RiskModel;
  /** Where the model's dispute scores are stored; null for the prior (no stored model: computed every run). */
  key: ScoreKey | null;
  buildId: string;
  at: Date;
  counts: DisputeScoreCounts;
  /** What the dunning decision reads besides each chunk's outbox steps: the sequences and the pauses of the date. */
  dunning: Omit<DunningContext, 'sent'>;
  /** The common currency open amounts are ranked in, and the currencies it had no rate for. */
  fx: RankingFxOf;
  /** Where the scored rows wait to be ranked and written once (a server), or null: they are staged (PGlite). */
  spool: RankedSpool | null;
}

/** A chunk's scored rows, and the dispute scores at issue it had to compute (to store). */
interface ScoredChunk {
  rows: StagedRow[];
  fresh: { invoiceId: string; probability: number }[];
}

/** Scores one chunk of whole clients (no I/O): its staged rows, counted into `summary`. */
function scoreChunk(
  { asOf, model, counts, dunning, fx }: RunInputs,
  summary: WorklistSummary,
  { terms, ledger }: Chunk,
): ScoredChunk {
  const { known, receivables } = cutToDate(ledger, asOf);
  const fresh: { invoiceId: string; probability: number }[] = [];
  const scored = receivableFacts(
    model,
    asOf,
    receivables,
    byClient(known),
    ledger.disputed,
    terms,
    ledger.promises,
    (m, inv, history, date, openDispute) => {
      // An open dispute scores 1 without the model; otherwise the stored score, or the model once.
      if (openDispute) return scoreOpenLean(m, inv, history, date, true);
      let p = ledger.disputeAtIssue.get(inv.id);
      if (p === undefined) {
        p = disputeAtIssue(m, inv, history);
        fresh.push({ invoiceId: inv.id, probability: p });
      } else counts.read++;
      return scoreOpenLean(m, inv, history, date, false, p);
    },
    { ...dunning, sent: ledger.sent },
    fx,
  );
  const rows: StagedRow[] = scored.map((s, n) => {
    const a = assess(s.facts);
    const collectorId = terms.get(s.facts.clientId)?.collectorId ?? null;
    summary.items++;
    summary.byAction[a.action] = (summary.byAction[a.action] ?? 0) + 1;
    if (collectorId) summary.byCollector[collectorId] = (summary.byCollector[collectorId] ?? 0) + 1;
    else summary.unassigned++;
    return worklistRow(s, a, receivables[n] as Receivable, collectorId);
  });
  return { rows, fresh };
}

/** One worklist row: a scored receivable, its assessment and its collector, as the COPY stages it. */
export function worklistRow(
  s: ReturnType<typeof receivableFacts>[number],
  a: ReturnType<typeof assess>,
  inv: Receivable,
  collectorId: string | null,
): StagedRow {
  const f = s.facts;
  return {
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
  };
}

/** Stores the dispute scores a chunk computed, and keeps its rows in the run's spool or stages them. */
async function writeChunk(database: UseCaseDatabase, run: RunInputs, { rows, fresh }: ScoredChunk): Promise<void> {
  if (run.spool) run.spool.add(rows);
  if (run.key) run.counts.computed += await writeDisputeScores(database.db, run.key, fresh, run.at);
  if (!run.spool) await stageRows(database.db, run.buildId, rows);
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
