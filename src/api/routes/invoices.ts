import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { findInvoiceId, getInvoiceDetail, listInvoices } from '../../db/stores/invoice-queries.ts';
import { invoiceDetailView, invoiceSummaryView } from '../views.ts';
import { page, paginationSchema } from '../pagination.ts';
import { sendError } from '../error-map.ts';

export const invoiceListQuerySchema = paginationSchema.extend({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM').optional().describe('Billing period'),
  status: z.enum(['draft', 'pending_approval', 'approved', 'posted', 'delivered', 'partially_paid', 'paid', 'disputed', 'void', 'written_off']).optional(),
  client: z.string().max(64).optional().describe('Client code'),
});

/** Read endpoints for invoices. */
export function invoiceRoutes(database: Database) {
  return new Hono()
    .get('/', async (c) => {
      const q = invoiceListQuerySchema.parse(c.req.query());
      const { rows, total } = await listInvoices(database.db, { period: q.period, status: q.status, clientCode: q.client, limit: q.limit, offset: q.offset });
      return c.json(page(rows.map(invoiceSummaryView), total, q.limit, q.offset));
    })
    .get('/:ref', async (c) => {
      const ref = c.req.param('ref');
      const id = await findInvoiceId(database.db, ref);
      const detail = id ? await getInvoiceDetail(database.db, id) : null;
      if (!detail) return sendError(c, 404, 'INVOICE_NOT_FOUND', `No invoice ${ref}`, { ref });
      return c.json(invoiceDetailView(detail));
    });
}
