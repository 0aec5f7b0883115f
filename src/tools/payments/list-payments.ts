import { z } from 'zod';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import { listPayments } from '../../db/stores/payment-store.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { PAYMENT_READERS, paymentView, paymentViewSchema } from './payment-view.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const paymentListQuerySchema = paginationSchema
  .extend({
    client: z.string().max(64).optional().describe('Client code'),
    status: z.enum(['recorded', 'reversed']).optional(),
    unapplied: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: only recorded payments with cash not applied to any invoice'),
    receivedFrom: isoDate.optional().describe('Received on or after this day'),
    receivedTo: isoDate.optional().describe('Received on or before this day'),
    invoice: z.string().min(1).max(100).optional().describe('Only payments applied to this invoice (number or id)'),
  })
  .extend(entityFilterSchema.shape);

export const paymentsList = defineTool({
  name: 'payments_list',
  description:
    'Lists payments received, newest first, with what each applied and what it left unapplied on the client. ' +
    'Filter by client code, status, unapplied cash, the day received, an invoice it paid, or legal entity.',
  input: paymentListQuerySchema,
  output: pageSchema(paymentViewSchema),
  risk: 'read',
  policyAction: null,
  readers: PAYMENT_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    let invoiceId: string | undefined;
    if (q.invoice) {
      const found = await findInvoiceId(ctx.db, q.invoice);
      // No such invoice is an empty page, like an invoice in another legal entity: the answer never tells which.
      if (!found) return ok(pageOf([], 0, q.limit, q.offset));
      invoiceId = found;
    }
    const { rows, total } = await listPayments(ctx.db, {
      clientCode: q.client,
      status: q.status,
      unapplied: q.unapplied === 'true',
      receivedFrom: q.receivedFrom,
      receivedTo: q.receivedTo,
      invoiceId,
      legalEntityIds: scope.value,
      limit: q.limit,
      offset: q.offset,
    });
    return ok(pageOf(rows.map(paymentView), total, q.limit, q.offset));
  },
});
