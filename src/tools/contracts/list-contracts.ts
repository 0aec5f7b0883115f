import { z } from 'zod';
import { listContracts } from '../../db/stores/master-data-queries.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { CONTRACT_READERS, contractView, contractViewSchema } from './contract-view.ts';

export const contractListQuerySchema = paginationSchema.extend(entityFilterSchema.shape).extend({
  client: z.string().max(64).optional().describe('Client code'),
});

export const contractsList = defineTool({
  name: 'contracts_list',
  description:
    'Lists contracts by code with their commercial terms (models, currency, caps, fees, discounts, payment and tax terms), ' +
    'without rate cards, milestones and projects. Filter by client code or legal entity.',
  input: contractListQuerySchema,
  output: pageSchema(contractViewSchema),
  risk: 'read',
  policyAction: null,
  readers: CONTRACT_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listContracts(ctx.db, {
      entityIds: scope.value,
      clientCode: q.client,
      limit: q.limit,
      offset: q.offset,
    });
    return ok(pageOf(rows.map(contractView), total, q.limit, q.offset));
  },
});
