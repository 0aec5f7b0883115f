import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { findInvoiceId, getInvoiceDetail, listInvoices } from '../../db/stores/invoice-queries.ts';
import { invoiceDetailView, invoiceSummaryView } from '../../db/views/invoice-views.ts';
import { invoiceListQuerySchema } from '../../db/views/list-queries.ts';
import { page } from '../pagination.ts';
import { sendError } from '../error-map.ts';
import { EVERYONE } from '../access.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const invoiceRefParam = z.object({
  ref: z.string().min(1).max(100).describe('Invoice number, id, or DRAFT- reference'),
});

/** The invoice a reference names, if the caller may see it: the detail, or the 404/403 to send. */
export async function loadInvoice(c: Parameters<ApiRoute['handler']>[0], database: Database, ref: string) {
  // A UUID needs no look-up: the detail query finds it or not (one round trip fewer on the hot path).
  const id = UUID.test(ref) ? ref.toLowerCase() : await findInvoiceId(database.db, ref);
  const detail = id ? await getInvoiceDetail(database.db, id) : null;
  if (!detail) return { ok: false as const, response: sendError(c, 'INVOICE_NOT_FOUND', `No invoice ${ref}`, { ref }) };
  if (!mayTouchEntity(c, detail.invoice.legalEntityId))
    return { ok: false as const, response: outOfScope(c, detail.invoice.legalEntityId) };
  return { ok: true as const, detail };
}

/** Read endpoints for invoices. */
export function invoiceRoutes(database: Database): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/invoices',
      operationId: 'listInvoices',
      tag: 'Invoices',
      summary: 'List invoices, newest period first',
      roles: EVERYONE,
      query: invoiceListQuerySchema.extend(entityFilterSchema.shape),
      responses: { 200: { description: 'A page of invoices', schema: pageOf(objectSchema('An invoice summary')) } },
      handler: async (c, { query: q }) => {
        const scope = await listScope(c, database.db, q.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listInvoices(database.db, {
          period: q.period,
          status: q.status,
          clientCode: q.client,
          legalEntityIds: scope.value,
          limit: q.limit,
          offset: q.offset,
        });
        return c.json(page(rows.map(invoiceSummaryView), total, q.limit, q.offset));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/invoices/:ref',
      operationId: 'getInvoice',
      tag: 'Invoices',
      summary: 'One invoice with lines, what each bills, and its exceptions',
      roles: EVERYONE,
      params: invoiceRefParam,
      errors: [404],
      responses: { 200: { description: 'The invoice', schema: objectSchema('An invoice with lines') } },
      handler: async (c, { params }) => {
        const found = await loadInvoice(c, database, params.ref);
        return found.ok ? c.json(invoiceDetailView(found.detail)) : found.response;
      },
    }),
  ];
}
