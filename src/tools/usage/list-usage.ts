import { z } from 'zod';
import { listUsage } from '../../db/stores/work-queries.ts';
import { WORK_READERS } from '../../policy/role-groups.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { periodFilter } from '../work/period-filter.ts';

export const usageViewSchema = z
  .object({
    id: z.number().int(),
    eventKey: z.string().describe("The reading's key: the same key is stored once"),
    contract: z.string(),
    occurredOn: z.string(),
    quantity: z.string().describe('Decimal string'),
  })
  .describe('A usage record');

type Row = Awaited<ReturnType<typeof listUsage>>['rows'][number];
const usageView = (r: Row): z.output<typeof usageViewSchema> => ({
  id: r.usage.id,
  eventKey: r.usage.eventKey,
  contract: r.contractCode,
  occurredOn: r.usage.occurredOn,
  quantity: r.usage.quantity,
});

export const usageList = defineTool({
  name: 'usage_list',
  description:
    'Lists metered usage records, newest first: event key, contract, day, quantity. Filter by contract code, month or legal entity.',
  input: paginationSchema
    .extend(entityFilterSchema.shape)
    .extend({ contract: z.string().max(64).optional().describe('Contract code'), period: periodFilter.optional() }),
  output: pageSchema(usageViewSchema).describe('A page of usage records'),
  risk: 'read',
  policyAction: null,
  readers: WORK_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listUsage(ctx.db, { ...q, entityIds: scope.value });
    return ok(pageOf(rows.map(usageView), total, q.limit, q.offset));
  },
});
