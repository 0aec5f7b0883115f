import { z } from 'zod';
import { usageReportSchema } from '../../billing/inputs/work-inputs.ts';
import { listUsage } from '../../db/stores/work-queries.ts';
import { callTool } from '../../tools/call-tool.ts';
import { usageReport } from '../../tools/usage/report-usage.ts';
import { USAGE_WRITERS, WORK_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, period } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';
import { sendToolResult, toolCaller } from '../tool-route.ts';

type Row = Awaited<ReturnType<typeof listUsage>>['rows'][number];
const usageView = (r: Row) => ({
  id: r.usage.id,
  eventKey: r.usage.eventKey,
  contract: r.contractCode,
  occurredOn: r.usage.occurredOn,
  quantity: r.usage.quantity,
});

/** Usage: list, and report metered readings through the catalogue (usage_report; a reading's event key is taken once). */
export function usageRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/usage',
      operationId: 'listUsage',
      tag: 'Work',
      summary: 'List usage records',
      roles: WORK_READERS,
      query: paginationSchema
        .extend(entityFilterSchema.shape)
        .extend({ contract: z.string().max(64).optional().describe('Contract code'), period: period.optional() }),
      responses: { 200: { description: 'A page of usage records', schema: pageOf(objectSchema('A usage record')) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listUsage(db, { ...query, entityIds: scope.value });
        return c.json(page(rows.map(usageView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/usage',
      operationId: 'reportUsage',
      tag: 'Work',
      summary: 'Report usage for usage-priced contracts',
      roles: USAGE_WRITERS,
      description:
        'All records or none. A record whose event key was reported before is counted as a duplicate and not stored again.',
      body: usageReportSchema,
      errors: [422],
      responses: { 201: { description: 'Stored', schema: usageReport.output } },
      // Idempotency-Key stays HTTP's here (the stored response is replayed, a 4xx too): the call itself carries none.
      handler: async (c, { body }) => sendToolResult(c, await callTool(toolCaller(c, deps), usageReport, body), 201),
    }),
  ];
}
