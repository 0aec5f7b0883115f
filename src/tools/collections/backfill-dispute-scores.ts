import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { byClient } from '../../billing/risk/model.ts';
import { disputeAtIssue } from '../../billing/risk/score.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { ok, type Result } from '../../shared/result.ts';
import { dedicatedConnection, queryRows } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { currentRiskModel, type ScoreKey, writeDisputeScores } from '../../db/stores/dispute-scores-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';
import { defineTool } from '../define-tool.ts';
import { cutToDate, ledgerChunks } from './ledger-chunks.ts';
import { CLIENT_BATCH } from './prioritize-collections.ts';

export interface BackfillScoresResult {
  /** The model the scores are stored under; null before the first `models train` (nothing to store). */
  modelVersion: number | null;
  asOf: string;
  /** Open receivables on the date, and how many of them had a score under the model already. */
  open: number;
  alreadyStored: number;
  /** Scores computed and stored by this call. */
  stored: number;
  /** True when a first count found every unsettled invoice scored, so the ledger was not read. */
  skipped: boolean;
}

/** Where long work reports how far it got: receivables looked at of about how many. */
export type BackfillProgress = (done: number, total: number) => void;

/**
 * Stores the newest risk model's dispute probability at issue for every receivable open on `asOf`
 * (default today) that has none under it, so the first nightly prioritization after training reads
 * scores instead of computing them (at 1,000,000 open invoices that was 17-22 s of the night). It reads
 * the ledger the way the nightly run does, a chunk of whole clients at a time with no transaction open
 * while it scores, and writes each chunk's scores in one set-based statement (`writeDisputeScores`);
 * one audit row per call. A score at issue reads only the client's history before the issue date, so
 * the stored number is the one the night would compute. Invoices under an open dispute are scored too
 * (the night ranks them at 1 without the model; the score is ready when the dispute closes). When a
 * first count finds no unsettled invoice without a score, the ledger is not read at all, so a
 * scheduled daily backfill costs one indexed count on the days nothing was trained. One audit row
 * per call that stored scores; a call that stored none writes nothing at all.
 */
export async function backfillDisputeScores(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: { asOf?: string },
  opts: { clientBatch?: number; onProgress?: BackfillProgress } = {},
): Promise<Result<BackfillScoresResult, GateError>> {
  const asOf = input.asOf ?? ctx.now.toISOString().slice(0, 10);
  const stored = await currentRiskModel(database.db);
  const action: ActionOf<'risk_models.backfill_scores'> = {
    type: 'risk_models.backfill_scores',
    target: { kind: 'risk_model', id: String(stored?.version ?? 'none') },
    args: { version: stored?.version ?? 0, asOf },
  };
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, action, { entityId: null });
  if (!denied.ok) return denied;
  const result: BackfillScoresResult = {
    modelVersion: stored?.version ?? null,
    asOf,
    open: 0,
    alreadyStored: 0,
    stored: 0,
    skipped: false,
  };
  // Before the first training there is no stored model: the night scores with the prior and stores nothing.
  if (!stored) return ok(result);
  const key: ScoreKey = { version: stored.version, hash: stored.hash };
  const { missing, total } = await unsettledInvoices(database, key);
  result.skipped = missing === 0;
  if (!result.skipped) {
    const conn = await dedicatedConnection(database.db);
    try {
      for await (const { ledger } of ledgerChunks(database, conn, { asOf, key }, opts.clientBatch ?? CLIENT_BATCH)) {
        const { known, receivables } = cutToDate(ledger, asOf);
        const perClient = byClient(known);
        const fresh: { invoiceId: string; probability: number }[] = [];
        for (const inv of receivables) {
          result.open++;
          if (ledger.disputeAtIssue.has(inv.id)) result.alreadyStored++;
          else
            fresh.push({
              invoiceId: inv.id,
              probability: disputeAtIssue(stored.model, inv, perClient.get(inv.clientId) ?? []),
            });
        }
        result.stored += await writeDisputeScores(database.db, key, fresh, ctx.now);
        opts.onProgress?.(Math.min(result.open, total), total);
      }
    } finally {
      conn?.release();
    }
    opts.onProgress?.(total, total);
  }
  // The audit row records what was stored; a call that stored nothing (a scheduled day with no new model) leaves none.
  if (result.stored === 0) return ok(result);
  const written = await database.db.transaction(async (tx) => {
    const gate = await passGate(tx, ctx, action, { entityId: null });
    if (!gate.ok) return gate;
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: 'risk_models.backfill_scores',
        targetType: 'risk_model',
        targetId: String(stored.version),
        before: null,
        after: { ...result },
        decision: gate.value.decision,
      }),
    );
    return ok(result);
  });
  return written;
}

/**
 * Unsettled issued invoices (what can be open today) in one statement: how many, for the progress
 * line, and how many have no score under the model (an index probe each).
 */
async function unsettledInvoices(
  database: UseCaseDatabase,
  key: ScoreKey,
): Promise<{ missing: number; total: number }> {
  const [row] = await queryRows<{ missing: number; total: number }>(
    database.db,
    sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE i.issue_date IS NOT NULL AND i.due_date IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM invoice_dispute_scores s
            WHERE s.invoice_id = i.id AND s.model_version = ${key.version}::int AND s.model_hash = ${key.hash}))::int AS missing
      FROM invoices i
      WHERE i.kind = 'invoice' AND i.status IN ('posted', 'delivered', 'partially_paid', 'disputed')`,
  );
  return { missing: row?.missing ?? 0, total: row?.total ?? 0 };
}

export const riskScoresBackfill = defineTool({
  name: 'risk_scores_backfill',
  description:
    "Stores the newest risk model's dispute score at issue for every invoice open on a date (default today) that has none under " +
    'it, so the next nightly prioritization reads scores instead of computing them; a no-op when every unsettled invoice is ' +
    'scored. One audit row when it stored any. Controllers, finance admins and the scheduler; firm-wide.',
  input: z.object({
    asOf: z
      .string()
      .refine(isIsoDate, 'a date YYYY-MM-DD')
      .optional()
      .describe('Receivables open on this date; default today'),
  }),
  output: z
    .object({
      modelVersion: z.number().int().nullable().describe('The model scored with; null before the first training'),
      asOf: z.string(),
      open: z.number().int().describe('Receivables open on the date'),
      alreadyStored: z.number().int(),
      stored: z.number().int().describe('Scores computed and stored now'),
      skipped: z.boolean().describe('Every unsettled invoice had a score: the ledger was not read'),
    })
    .describe('What the backfill stored'),
  risk: 'write',
  policyAction: 'risk_models.backfill_scores',
  // Reads and scores outside any transaction, a chunk at a time; each chunk's scores one statement.
  transaction: 'own',
  handler: (ctx, input) =>
    backfillDisputeScores(ctx, ctx, input.asOf ? { asOf: input.asOf } : {}, {
      ...(ctx.reportProgress ? { onProgress: (d: number, t: number) => ctx.reportProgress?.(d, t, 'invoices') } : {}),
    }),
});
