import { z } from 'zod';
import { BILLING_OPS_READERS } from '../../policy/role-groups.ts';
import { defineTool } from '../define-tool.ts';
import type { PolicyRefusal } from '../policy-gate/context.ts';
import type { Result } from '../../shared/result.ts';
import { entityFilterSchema, listScopeOf, type ScopeError } from '../scope.ts';
import { billingKpis, billingKpisSchema, type BillingKpis } from './billing-kpis.ts';

const counts = z.object({ open: z.number().int(), pastSla: z.number().int() });

export const billingKpisOutputSchema = z
  .object({
    asOf: z.string().describe('When the figures were taken (ISO 8601)'),
    billingCycleTime: z
      .object({
        invoices: z.number().int(),
        averageDays: z.number().nullable(),
        medianDays: z.number().nullable(),
        p90Days: z.number().nullable(),
      })
      .describe('Days from the end of the billing period to approval, over invoices approved in the window'),
    firstPassAccuracy: z
      .object({
        approved: z.number().int(),
        firstPass: z.number().int(),
        percent: z.number().nullable().describe('Percent with two decimals; null when nothing was approved'),
      })
      .describe('Invoices approved in the window that were never rejected and have no credit note'),
    exceptions: counts
      .extend({ bySeverity: z.object({ blocking: counts, warning: counts, info: counts }) })
      .describe('Exceptions not resolved now, and those of them past their SLA, by severity'),
  })
  .describe('The KPIs');

export const billingKpisShow = defineTool({
  name: 'billing_kpis_show',
  description:
    'Billing KPIs over the legal entities the caller may see, or the one named: billing cycle time (days from period end to ' +
    'approval), first-pass invoice accuracy, and exceptions open and past their SLA by severity.',
  input: billingKpisSchema.omit({ legalEntityId: true }).extend(entityFilterSchema.shape),
  output: billingKpisOutputSchema,
  risk: 'read',
  policyAction: null,
  readers: BILLING_OPS_READERS,
  handler: async (ctx, q): Promise<Result<BillingKpis, PolicyRefusal | ScopeError>> => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const legalEntityId = q.legalEntity ? scope.value![0] : undefined;
    return billingKpis(ctx, ctx, { from: q.from, to: q.to, ...(legalEntityId ? { legalEntityId } : {}) });
  },
});
