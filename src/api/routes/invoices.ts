import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { findInvoiceId, getInvoiceDetail } from '../../db/stores/invoice-queries.ts';
import { invoicesList } from '../../tools/invoices/list-invoices.ts';
import { invoicesShow } from '../../tools/invoices/show-invoice.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import type { ApiRoute } from '../route.ts';
import { mayTouchEntity, outOfScope } from '../scope.ts';
import { toolRoute } from '../tool-route.ts';

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

/** Read endpoints for invoices, derived from the catalogue's invoices_list and invoices_show. */
export function invoiceRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, invoicesList, {
      method: 'get',
      path: '/invoices',
      operationId: 'listInvoices',
      tag: 'Invoices',
      summary: 'List invoices, newest period first',
      responseDescription: 'A page of invoices',
    }),
    toolRoute(deps, invoicesShow, {
      method: 'get',
      path: '/invoices/:ref',
      pathFields: { ref: 'ref' },
      operationId: 'getInvoice',
      tag: 'Invoices',
      summary: 'One invoice with lines, what each bills, and its exceptions',
      errors: [404],
      responseDescription: 'The invoice',
    }),
  ];
}
