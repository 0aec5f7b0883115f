import { billingKpis, billingKpisSchema } from '../../db/usecases/index.ts';
import { BILLING_OPS_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';
import { sendResult, useCaseContext } from '../use-case.ts';

/** Billing KPIs: billing cycle time, first-pass invoice accuracy, exceptions open and past SLA. */
export function kpiRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/kpis', operationId: 'billingKpis', tag: 'KPIs', roles: BILLING_OPS_READERS,
      summary: 'Billing cycle time, first-pass invoice accuracy, exceptions open and past SLA',
      description: 'Over the legal entities the caller may see, or the one named.',
      query: billingKpisSchema.omit({ legalEntityId: true }).extend(entityFilterSchema.shape),
      responses: { 200: { description: 'The KPIs', schema: objectSchema('KPIs') } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, deps.database.db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const legalEntityId = query.legalEntity ? scope.value![0] : undefined;
        return sendResult(c, await billingKpis(deps.database, useCaseContext(c, deps.now()), { from: query.from, to: query.to, ...(legalEntityId ? { legalEntityId } : {}) }));
      },
    }),
  ];
}
