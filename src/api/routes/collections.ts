import { z } from 'zod';
import { collectionsWorklist } from '../../db/usecases/collections/collections-worklist.ts';
import { draftDisputeRisk } from '../../db/usecases/collections/draft-dispute-risk.ts';
import { WORKLIST_READERS } from '../../db/usecases/collections/roles.ts';
import { dateField, emailField } from '../../shared/bounded-fields.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { page, paginationSchema } from '../pagination.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';
import { sendResult, useCaseContext } from '../use-case.ts';
import { invoiceRefParam, loadInvoice } from './invoices.ts';

const worklistQuery = z.object({
  asOf: dateField().optional().describe('The run date (YYYY-MM-DD); default the newest run'),
  collector: emailField().optional().describe("One collector's items (controllers, finance admins, auditors); a collector always sees their own"),
}).extend(paginationSchema.shape).extend(entityFilterSchema.shape);

/** The collections worklist and the pre-send dispute check. */
export function collectionRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/collections/worklist', operationId: 'collectionsWorklist', tag: 'Collections', roles: WORKLIST_READERS,
      summary: 'The ranked collections worklist of a run: next action, priority and reasons per open receivable',
      description: 'A collector sees the items of clients assigned to them; controllers, finance admins and auditors see all (or one collector\'s).',
      query: worklistQuery,
      responses: { 200: { description: 'A page of worklist items in rank order, each with its run date and model version', schema: pageOf(objectSchema('A worklist item')) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, deps.database.db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const r = await collectionsWorklist(deps.database, useCaseContext(c, deps.now()), {
          ...(query.asOf ? { asOf: query.asOf } : {}), ...(query.collector ? { collectorEmail: query.collector } : {}),
          legalEntityIds: scope.value, limit: query.limit, offset: query.offset,
        });
        if (!r.ok) return sendResult(c, r);
        const run = r.value.run;
        const items = r.value.items.map((i) => ({ ...i, asOf: run?.asOf ?? null, runId: run?.id ?? null, modelVersion: run?.modelVersion ?? null }));
        return c.json(page(items, r.value.total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'get', path: '/invoices/:ref/dispute-risk', operationId: 'invoiceDisputeRisk', tag: 'Collections',
      roles: [...WORKLIST_READERS, 'billing_clerk'], params: invoiceRefParam, errors: [404],
      summary: 'Pre-send check: the chance the client disputes this invoice, flagged for review at 50%, with reasons',
      responses: { 200: { description: 'The dispute risk', schema: objectSchema('A dispute risk') } },
      handler: async (c, { params }) => {
        const found = await loadInvoice(c, deps.database, params.ref);
        if (!found.ok) return found.response;
        return sendResult(c, await draftDisputeRisk(deps.database, useCaseContext(c, deps.now()), { invoiceId: found.detail.invoice.id }));
      },
    }),
  ];
}
