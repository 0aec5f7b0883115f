import { billingRunViewSchema } from '../../tools/billing-runs/billing-run-view.ts';
import { billingRunsList } from '../../tools/billing-runs/list-billing-runs.ts';
import { billingRunsShow } from '../../tools/billing-runs/show-billing-run.ts';
import { billingRunsStart, startBillingRunSchema } from '../../tools/billing-runs/start-billing-run.ts';
import { rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { sendToolResult, toolCaller, toolRoute } from '../tool-route.ts';
import { callTool } from '../../tools/call-tool.ts';

const runDoc = billingRunViewSchema;

/**
 * Billing runs: start one for a period (billing_runs_start, under billing_run.start), list and get
 * them (billing_runs_list, _show). Adapters over the catalogue: policy, the audit rows and the run
 * are the entry's.
 */
export function billingRunRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/billing-runs',
      operationId: 'startBillingRun',
      tool: billingRunsStart,
      tag: 'Billing',
      roles: rolesFor('billing_run.start'),
      summary: 'Run billing for a period',
      description:
        'Drafts one invoice per contract, period and currency; re-running regenerates drafts still in draft.',
      body: startBillingRunSchema,
      errors: [422],
      idempotency: 'tool',
      responses: { 201: { description: 'The finished run', schema: runDoc } },
      handler: async (c, { body }) => {
        const key = c.req.header('idempotency-key');
        const r = await callTool(
          { ...toolCaller(c, deps), via: 'api' },
          billingRunsStart,
          body,
          key === undefined ? {} : { idempotencyKey: key },
        );
        return sendToolResult(c, r.ok ? { ...r, value: r.value.run } : r, 201);
      },
    }),
    toolRoute(deps, billingRunsList, {
      method: 'get',
      path: '/billing-runs',
      operationId: 'listBillingRuns',
      tag: 'Billing',
      summary: 'List billing runs, newest first',
      responseDescription: 'A page of runs',
    }),
    toolRoute(deps, billingRunsShow, {
      method: 'get',
      path: '/billing-runs/:id',
      operationId: 'getBillingRun',
      tag: 'Billing',
      summary: 'Get a billing run',
      errors: [404],
      pathFields: { id: 'id' },
      responseDescription: 'The run',
    }),
  ];
}
