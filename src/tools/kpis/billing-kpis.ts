import { and, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { inEntities } from '../../db/stores/entity-scope.ts';
import { z } from 'zod';
import {
  cycleDays,
  cycleTime,
  firstPassAccuracy,
  type CycleTime,
  type FirstPassAccuracy,
} from '../../billing/invoices/kpis.ts';
import { authorityOf, inScope } from '../../policy/permissions.ts';
import { addDays } from '../../shared/dates.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { queryRows } from '../../db/client.ts';
import { invoices } from '../../db/schema/index.ts';
import type { PolicyRefusal, UseCaseContext, UseCaseDatabase } from '../policy-gate/context.ts';

export const billingKpisSchema = z.object({
  from: z.iso
    .date()
    .optional()
    .describe('First day (UTC) of approvals counted, YYYY-MM-DD; omitted = from the beginning'),
  to: z.iso.date().optional().describe('Last day (UTC) of approvals counted, YYYY-MM-DD; omitted = up to now'),
  legalEntityId: z.uuid().optional().describe('Only this legal entity; omitted = every entity the caller may see'),
});
export type BillingKpisInput = z.infer<typeof billingKpisSchema>;

export interface ExceptionCounts {
  open: number;
  pastSla: number;
}

export interface BillingKpis {
  asOf: string;
  /** Days from the end of the billing period to approval, over invoices approved in the window. */
  billingCycleTime: CycleTime;
  /** Invoices approved in the window that were never rejected and have no credit note. */
  firstPassAccuracy: FirstPassAccuracy;
  /** Exceptions not resolved now, and those of them past their SLA, by severity. */
  exceptions: ExceptionCounts & { bySeverity: Record<'blocking' | 'warning' | 'info', ExceptionCounts> };
}

/** Billing KPIs over the legal entities the actor may see: cycle time, first-pass accuracy, exceptions open and past SLA. */
export async function billingKpis(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: BillingKpisInput = {},
): Promise<Result<BillingKpis, PolicyRefusal>> {
  const scope = authorityOf(ctx.actor).entityIds;
  if (input.legalEntityId && !inScope(scope, input.legalEntityId)) {
    return err({
      code: 'FORBIDDEN',
      message: 'the legal entity is outside your access',
      policyCode: 'ENTITY_OUT_OF_SCOPE',
    });
  }
  const entities = input.legalEntityId ? [input.legalEntityId] : scope === null ? null : [...scope];
  const db = database.db;

  const where: SQL[] = [eq(invoices.kind, 'invoice'), isNotNull(invoices.approvedAt)];
  if (entities) where.push(entities.length ? inArray(invoices.legalEntityId, entities) : sql`false`);
  if (input.from) where.push(gte(invoices.approvedAt, new Date(`${input.from}T00:00:00Z`)));
  if (input.to) where.push(lt(invoices.approvedAt, new Date(`${addDays(input.to, 1)}T00:00:00Z`)));
  // The outer column is spelled out: drizzle writes ${invoices.id} unqualified, which the subquery would take as cn.id.
  const approved = await db
    .select({
      period: invoices.period,
      approvedAt: invoices.approvedAt,
      rejections: invoices.rejectionCount,
      credited: sql<boolean>`EXISTS (SELECT 1 FROM invoices cn WHERE cn.credits_invoice_id = "invoices"."id" AND cn.kind = 'credit_note' AND cn.status <> 'void')`,
    })
    .from(invoices)
    .where(and(...where));

  const entityFilter = inEntities(sql.raw('c.legal_entity_id'), entities);
  const counts = await queryRows<{ severity: 'blocking' | 'warning' | 'info'; open: number; past: number }>(
    db,
    sql`
    SELECT e.severity::text AS severity, count(*)::int AS open, count(*) FILTER (WHERE e.sla_due_at < ${ctx.now.toISOString()}::timestamptz)::int AS past
      FROM exceptions e LEFT JOIN contracts c ON c.id = e.contract_id
     WHERE e.status <> 'resolved' AND ${entityFilter}
     GROUP BY e.severity`,
  );
  const bySeverity = {
    blocking: { open: 0, pastSla: 0 },
    warning: { open: 0, pastSla: 0 },
    info: { open: 0, pastSla: 0 },
  };
  for (const c of counts) bySeverity[c.severity] = { open: Number(c.open), pastSla: Number(c.past) };

  return ok({
    asOf: ctx.now.toISOString(),
    billingCycleTime: cycleTime(approved.map((a) => cycleDays(a.period, a.approvedAt!))),
    firstPassAccuracy: firstPassAccuracy(
      approved.length,
      approved.filter((a) => a.rejections === 0 && !a.credited).length,
    ),
    exceptions: {
      open: counts.reduce((n, c) => n + Number(c.open), 0),
      pastSla: counts.reduce((n, c) => n + Number(c.past), 0),
      bySeverity,
    },
  });
}
