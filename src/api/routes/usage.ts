import { usageList } from '../../tools/usage/list-usage.ts';
import { usageReportSchema } from '../../billing/inputs/work-inputs.ts';
import { callTool } from '../../tools/call-tool.ts';
import { usageReport } from '../../tools/usage/report-usage.ts';
import { USAGE_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { sendToolResult, toolCaller, toolRoute } from '../tool-route.ts';

/** Usage: list, and report metered readings through the catalogue (usage_report; a reading's event key is taken once). */
export function usageRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, usageList, {
      method: 'get',
      path: '/usage',
      operationId: 'listUsage',
      tag: 'Work',
      summary: 'List usage records',
      responseDescription: 'A page of usage records',
    }),
    defineRoute({
      method: 'post',
      path: '/usage',
      operationId: 'reportUsage',
      tool: usageReport,
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
