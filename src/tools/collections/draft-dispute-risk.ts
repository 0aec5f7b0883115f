import { eq } from 'drizzle-orm';
import { addDays } from '../../shared/dates.ts';
import { trainRiskModel } from '../../billing/risk/model.ts';
import { scoreDraft } from '../../billing/risk/score.ts';
import type { ApprovalMatrix } from '../../policy/approval-matrix.ts';
import { disputeRiskFlagged } from '../../policy/matrix-rules.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { minorUnits } from '../../shared/currency.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { clients, invoices } from '../../db/schema/index.ts';
import { currentRiskModel } from '../../db/stores/dispute-scores-store.ts';
import { clientLedgerHistory } from '../../db/stores/client-ledger.ts';
import type { StoredDisputeRisk } from '../../db/stores/submitted-dispute-risk.ts';
import { readMatrixInForce, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';

export interface DraftDisputeRiskResult {
  invoiceId: string;
  status: string;
  modelVersion: number | null;
  /** As of when the client's history was read: the issue date, or today for an undated draft. */
  asOf: string;
  /** The chance the client disputes it, rounded to 4 places (what submission stores and policy weighs). */
  probability: number;
  /** At or above the approval matrix's threshold (disputeRisk.atLeastPercent). */
  flagged: boolean;
  atLeastPercent: string;
  reasons: string[];
}

type Refusal = { code: 'INVOICE_NOT_FOUND'; message: string } | { code: 'FORBIDDEN'; message: string };

/**
 * Scores an invoice for the pre-send check: the chance its client disputes it, from the client's
 * history as of its issue date (`now`'s date for an undated draft), under the newest stored risk
 * model (parsed once per process) or the documented prior before any. Reads only what was known
 * then, so the same draft, history and model give the same score. Flagged at the approval matrix's
 * threshold. Null when there is no such invoice; no scope check (the callers have one).
 */
export async function scoreDraftDispute(
  db: DbOrTx,
  invoiceId: string,
  now: Date,
  matrix: ApprovalMatrix,
): Promise<(DraftDisputeRiskResult & { legalEntityId: string }) | null> {
  const [row] = await db
    .select({ inv: invoices, paperless: clients.deliveryChannel, country: clients.country })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .where(eq(invoices.id, invoiceId));
  if (!row) return null;
  const asOf = row.inv.issueDate ?? now.toISOString().slice(0, 10);
  const stored = await currentRiskModel(db);
  const history = (await clientLedgerHistory(db, row.inv.clientId)).map((i) => ({
    ...i,
    settledDate: i.settledDate !== null && i.settledDate < asOf ? i.settledDate : null,
    disputeKnownOn: i.disputeKnownOn !== null && i.disputeKnownOn < asOf ? i.disputeKnownOn : null,
  }));
  const model = stored?.model ?? trainRiskModel([], asOf);
  const risk = scoreDraft(
    model,
    {
      id: row.inv.id,
      clientId: row.inv.clientId,
      group: row.country,
      paperless: row.paperless !== 'post',
      amount: Number(row.inv.totalMinor) / 10 ** minorUnits(row.inv.currency),
      issueDate: asOf,
      dueDate: row.inv.dueDate ?? addDays(asOf, row.inv.paymentTermsDays),
      settledDate: null,
      disputeKnownOn: null,
    },
    history,
    asOf,
  );
  const text = risk.probability.toFixed(4);
  return {
    invoiceId: row.inv.id,
    legalEntityId: row.inv.legalEntityId,
    status: row.inv.status,
    modelVersion: stored?.version ?? null,
    asOf,
    probability: Number(text),
    flagged: disputeRiskFlagged(text, matrix),
    atLeastPercent: matrix.disputeRisk.atLeastPercent,
    reasons: risk.reasons,
  };
}

/** What a submission's audit row keeps of the check (see submittedDisputeRisk). */
export const storedRiskOf = (r: DraftDisputeRiskResult): StoredDisputeRisk => ({
  probability: r.probability.toFixed(4),
  modelVersion: r.modelVersion,
  reasons: r.reasons,
  atLeastPercent: r.atLeastPercent,
  flagged: r.flagged,
  asOf: r.asOf,
});

/**
 * The pre-send check on demand: scoreDraftDispute under the approval matrix in force. Anyone who
 * may see the invoice's legal entity may ask. Submission runs the same check and stores it.
 */
export async function draftDisputeRisk(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: { invoiceId: string },
): Promise<Result<DraftDisputeRiskResult, Refusal>> {
  const matrix = await readMatrixInForce(database.db, ctx);
  const scored = await scoreDraftDispute(database.db, input.invoiceId, ctx.now, matrix);
  if (!scored) return err({ code: 'INVOICE_NOT_FOUND', message: `no invoice ${input.invoiceId}` });
  const scope = authorityOf(ctx.actor).entityIds;
  if (scope !== null && !scope.includes(scored.legalEntityId))
    return err({ code: 'INVOICE_NOT_FOUND', message: `no invoice ${input.invoiceId}` });
  const { legalEntityId: _entity, ...result } = scored;
  return ok(result);
}
