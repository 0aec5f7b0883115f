import { z } from 'zod';
import { listBillingRuns } from '../../db/stores/billing-run-request.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { err, ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { actorMayTouch, outOfScopeError } from '../scope.ts';
import { BILLING_RUN_READERS, billingRunView, billingRunViewSchema } from './billing-run-view.ts';

export const billingRunListQuerySchema = paginationSchema.extend({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM')
    .optional()
    .describe('Only runs of this month, YYYY-MM'),
});

export const billingRunsList = defineTool({
  name: 'billing_runs_list',
  description:
    'Lists billing runs, newest first, with their status, trigger and what each did; optionally of one period. ' +
    'Runs are firm-wide records: a person limited to some legal entities is refused.',
  input: billingRunListQuerySchema,
  output: pageSchema(billingRunViewSchema),
  risk: 'read',
  policyAction: null,
  readers: BILLING_RUN_READERS,
  handler: async (ctx, q) => {
    if (!actorMayTouch(ctx.actor, null)) return err(outOfScopeError(null));
    const { rows, total } = await listBillingRuns(ctx.db, q);
    return ok(pageOf(rows.map(billingRunView), total, q.limit, q.offset));
  },
});
