import { sql } from 'drizzle-orm';
import { type RiskMetrics, trainRiskModel } from '../../../billing/risk/model.ts';
import { authorityOf } from '../../../policy/permissions.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { queryRows } from '../../client.ts';
import { riskModels } from '../../schema/index.ts';
import { appendAudit } from '../../stores/audit-store.ts';
import { ledgerHistory } from '../../stores/receivables-store.ts';
import { auditEntry, type UseCaseContext, type UseCaseDatabase } from '../context.ts';
import { COLLECTIONS_RUNNERS } from './roles.ts';

export interface TrainRiskModelsResult {
  version: number;
  kind: 'trained' | 'prior';
  trainedThrough: string;
  metrics: RiskMetrics;
}

/**
 * Trains the dispute and late-payment models on the firm's history as known on `asOf` (default
 * today) and stores them as the next version with their metrics, in one short audited transaction
 * after the computation. With thin history the version is the documented prior (kind `prior`).
 */
export async function trainRiskModels(database: UseCaseDatabase, ctx: UseCaseContext, input: { asOf?: string }):
  Promise<Result<TrainRiskModelsResult, { code: 'FORBIDDEN'; message: string }>> {
  const authority = authorityOf(ctx.actor);
  if (!authority.roles.some((r) => COLLECTIONS_RUNNERS.includes(r))) {
    return err({ code: 'FORBIDDEN', message: `training risk models needs one of the roles ${COLLECTIONS_RUNNERS.join(', ')}` });
  }
  if (authority.entityIds !== null) return err({ code: 'FORBIDDEN', message: "risk models learn from every legal entity's history; your access is limited to some" });
  const asOf = input.asOf ?? ctx.now.toISOString().slice(0, 10);
  const history = await ledgerHistory(database.db);
  const model = trainRiskModel(history, asOf);
  const version = await database.db.transaction(async (tx) => {
    // Versions are consecutive; the lock keeps two concurrent trainings from taking the same number.
    await queryRows(tx, sql`LOCK TABLE risk_models IN EXCLUSIVE MODE`);
    const [row] = await queryRows<{ next: number }>(tx, sql`SELECT COALESCE(max(version), 0) + 1 AS next FROM risk_models`);
    const next = Number(row?.next ?? 1);
    await tx.insert(riskModels).values({
      version: next, kind: model.kind, trainedThrough: asOf, trainedBy: ctx.actor.userId, trainedAt: ctx.now,
      metrics: model.metrics as unknown as Record<string, unknown>, model: model as unknown as Record<string, unknown>,
    });
    await appendAudit(tx, auditEntry(ctx, {
      action: 'risk_models.train', targetType: 'risk_model', targetId: String(next), before: null,
      after: { version: next, kind: model.kind, trainedThrough: asOf, metrics: model.metrics }, decision: null,
    }));
    return next;
  });
  return ok({ version, kind: model.kind, trainedThrough: asOf, metrics: model.metrics });
}
