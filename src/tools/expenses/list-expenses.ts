import { z } from 'zod';
import { listExpenses } from '../../db/stores/work-queries.ts';
import { WORK_READERS } from '../../policy/role-groups.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { periodFilter } from '../work/period-filter.ts';
import { expenseView, expenseViewSchema } from './expense-view.ts';

export const expensesList = defineTool({
  name: 'expenses_list',
  description:
    'Lists expenses, newest first: project, contract, person, day, category, amount, billable, approval status. ' +
    'Filter by project code, month, approval status or legal entity.',
  input: paginationSchema.extend(entityFilterSchema.shape).extend({
    project: z.string().max(64).optional().describe('Project code'),
    period: periodFilter.optional(),
    status: z.enum(['submitted', 'approved', 'rejected']).optional(),
  }),
  output: pageSchema(expenseViewSchema).describe('A page of expenses'),
  risk: 'read',
  policyAction: null,
  readers: WORK_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listExpenses(ctx.db, { ...q, entityIds: scope.value });
    return ok(pageOf(rows.map(expenseView), total, q.limit, q.offset));
  },
});
