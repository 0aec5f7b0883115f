import { eq } from 'drizzle-orm';
import { addDays } from '../../shared/dates.ts';
import { trainRiskModel } from '../../billing/risk/model.ts';
import { type DisputeRisk, scoreDraft } from '../../billing/risk/score.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { minorUnits } from '../../shared/currency.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { clients, invoices } from '../../db/schema/index.ts';
import { latestRiskModel, ledgerHistory } from '../../db/stores/receivables-store.ts';
import type { UseCaseContext, UseCaseDatabase } from '../policy-gate/context.ts';

export interface DraftDisputeRiskResult extends DisputeRisk {
  invoiceId: string;
  status: string;
  modelVersion: number | null;
  /** As of when the client's history was read: the issue date, or today for an undated draft. */
  asOf: string;
}

type Refusal = { code: 'INVOICE_NOT_FOUND'; message: string } | { code: 'FORBIDDEN'; message: string };

/**
 * The pre-send check: the chance the client disputes this invoice, from its history as of the
 * invoice's issue date (today for a draft), flagged for review at 50% with the reasons in words.
 * Anyone who may see the invoice's legal entity may ask.
 */
export async function draftDisputeRisk(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: { invoiceId: string },
): Promise<Result<DraftDisputeRiskResult, Refusal>> {
  const [row] = await database.db
    .select({ inv: invoices, paperless: clients.deliveryChannel, country: clients.country })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .where(eq(invoices.id, input.invoiceId));
  if (!row) return err({ code: 'INVOICE_NOT_FOUND', message: `no invoice ${input.invoiceId}` });
  const scope = authorityOf(ctx.actor).entityIds;
  if (scope !== null && !scope.includes(row.inv.legalEntityId))
    return err({ code: 'INVOICE_NOT_FOUND', message: `no invoice ${input.invoiceId}` });
  const asOf = row.inv.issueDate ?? ctx.now.toISOString().slice(0, 10);
  const stored = await latestRiskModel(database.db);
  const history = (await ledgerHistory(database.db, row.inv.clientId)).map((i) => ({
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
  return ok({ invoiceId: row.inv.id, status: row.inv.status, modelVersion: stored?.version ?? null, asOf, ...risk });
}
