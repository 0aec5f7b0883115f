import { sql } from 'drizzle-orm';
import { type RiskMetrics, trainRiskModel } from '../../billing/risk/model.ts';
import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { ok, type Result } from '../../shared/result.ts';
import { queryRows } from '../../db/client.ts';
import { riskModels } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { ledgerHistory } from '../../db/stores/receivables-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';
import { defineTool } from '../define-tool.ts';

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
export async function trainRiskModels(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: { asOf?: string },
): Promise<Result<TrainRiskModelsResult, GateError>> {
  const asOf = input.asOf ?? ctx.now.toISOString().slice(0, 10);
  // Risk models learn from every legal entity's history: firm-wide (entity null).
  const action: ActionOf<'risk_models.train'> = {
    type: 'risk_models.train',
    target: { kind: 'risk_model', id: 'next' },
    args: { asOf },
  };
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, action, { entityId: null });
  if (!denied.ok) return denied;
  const history = await ledgerHistory(database.db);
  const model = trainRiskModel(history, asOf);
  const written = await database.db.transaction(async (tx) => {
    const gate = await passGate(tx, ctx, action, { entityId: null });
    if (!gate.ok) return gate;
    // Versions are consecutive; the lock keeps two concurrent trainings from taking the same number.
    await queryRows(tx, sql`LOCK TABLE risk_models IN EXCLUSIVE MODE`);
    const [row] = await queryRows<{ next: number }>(
      tx,
      sql`SELECT COALESCE(max(version), 0) + 1 AS next FROM risk_models`,
    );
    const next = Number(row?.next ?? 1);
    await tx.insert(riskModels).values({
      version: next,
      kind: model.kind,
      trainedThrough: asOf,
      trainedBy: ctx.actor.userId,
      trainedAt: ctx.now,
      metrics: model.metrics as unknown as Record<string, unknown>,
      model: model as unknown as Record<string, unknown>,
    });
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: 'risk_models.train',
        targetType: 'risk_model',
        targetId: String(next),
        before: null,
        after: { version: next, kind: model.kind, trainedThrough: asOf, metrics: model.metrics },
        decision: gate.value.decision,
      }),
    );
    return ok(next);
  });
  if (!written.ok) return written;
  return ok({ version: written.value, kind: model.kind, trainedThrough: asOf, metrics: model.metrics });
}

export const riskModelsTrain = defineTool({
  name: 'risk_models_train',
  description:
    "Trains the dispute and late-payment models on the firm's settled history as known on a date (default today) and stores " +
    'them as the next version with held-out metrics; with thin history the version is the documented prior. Controllers and finance admins; firm-wide.',
  input: z.object({
    asOf: z
      .string()
      .refine(isIsoDate, 'a date YYYY-MM-DD')
      .optional()
      .describe('History known on this date; default today'),
  }),
  output: z
    .object({
      version: z.number().int(),
      kind: z.enum(['trained', 'prior']),
      trainedThrough: z.string(),
      metrics: z.object({
        trainedOn: z.number().int(),
        disputes: z.number().int(),
        late: z.number().int(),
        holdout: z
          .object({
            rows: z.number().int(),
            disputeAuc: z.number(),
            disputeBrier: z.number(),
            lateAuc: z.number(),
            lateBrier: z.number(),
          })
          .nullable()
          .describe('Scores on the last quarter of the history with models fitted on the rest; null when thin'),
      }),
    })
    .describe('The stored version'),
  risk: 'write',
  policyAction: 'risk_models.train',
  // Training reads the whole history and fits in memory: outside any transaction; one short one stores the version.
  transaction: 'own',
  handler: (ctx, input) => trainRiskModels(ctx, ctx, input.asOf ? { asOf: input.asOf } : {}),
});
