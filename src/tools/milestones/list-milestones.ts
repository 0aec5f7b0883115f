import { z } from 'zod';
import { listMilestones } from '../../db/stores/work-queries.ts';
import { CONTRACT_READERS } from '../../policy/role-groups.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { milestoneView, milestoneViewSchema } from './transition-milestone.ts';

export const milestonesList = defineTool({
  name: 'milestones_list',
  description:
    'Lists milestones: contract, name, amount or percent, due date, status (pending, completed, accepted) and who accepted. ' +
    'Filter by contract code, status or legal entity.',
  input: paginationSchema.extend(entityFilterSchema.shape).extend({
    contract: z.string().max(64).optional().describe('Contract code'),
    status: z.enum(['pending', 'completed', 'accepted']).optional(),
  }),
  output: pageSchema(milestoneViewSchema).describe('A page of milestones'),
  risk: 'read',
  policyAction: null,
  readers: CONTRACT_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listMilestones(ctx.db, { ...q, entityIds: scope.value });
    return ok(pageOf(rows.map(milestoneView), total, q.limit, q.offset));
  },
});
