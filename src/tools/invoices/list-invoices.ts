import { z } from 'zod';
import { listInvoices } from '../../db/stores/invoice-queries.ts';
import { listOverdueInvoices } from '../../db/stores/receivable-queries.ts';
import { invoiceSummaryView } from '../../db/views/invoice-views.ts';
import { invoiceListQuerySchema } from '../../db/views/list-queries.ts';
import { EVERYONE } from '../../policy/role-groups.ts';
import { moneyView } from '../../shared/money.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { invoiceSummarySchema } from './invoice-read-views.ts';

const DAY_MS = 86_400_000;

export const invoicesListSchema = invoiceListQuerySchema
  .extend({
    overdue: z
      .enum(['true', 'false'])
      .optional()
      .describe(
        'true: only invoices past their due date that still owe something and are not disputed, oldest due first, with open and daysOverdue',
      ),
  })
  .extend(entityFilterSchema.shape);

export const invoicesList = defineTool({
  name: 'invoices_list',
  description:
    'Lists invoices, newest period first: reference (number), client, status, held, totals, due date. Filter by client code, period, ' +
    'status or legal entity; overdue=true lists what is past due and still owed, oldest first, with the open amount and days overdue.',
  input: invoicesListSchema,
  output: pageSchema(invoiceSummarySchema),
  risk: 'read',
  policyAction: null,
  readers: EVERYONE,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    if (q.overdue === 'true') {
      const asOf = ctx.now.toISOString().slice(0, 10);
      const { rows, total } = await listOverdueInvoices(ctx.db, {
        clientCode: q.client,
        asOf,
        legalEntityIds: scope.value,
        limit: q.limit,
        offset: q.offset,
      });
      const items = rows.map((r) => ({
        ...invoiceSummaryView(r),
        open: moneyView(BigInt(r.openMinor), r.invoice.currency),
        daysOverdue: Math.floor((Date.parse(asOf) - Date.parse(r.invoice.dueDate!)) / DAY_MS),
      }));
      return ok(pageOf(items, total, q.limit, q.offset));
    }
    const { rows, total } = await listInvoices(ctx.db, {
      period: q.period,
      status: q.status,
      clientCode: q.client,
      legalEntityIds: scope.value,
      limit: q.limit,
      offset: q.offset,
    });
    return ok(pageOf(rows.map(invoiceSummaryView), total, q.limit, q.offset));
  },
});
