import { z } from 'zod';
import { invoiceDetailView } from '../../db/views/invoice-views.ts';
import { EVERYONE } from '../../policy/role-groups.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { invoiceDetailSchema, invoiceRefSchema } from './invoice-read-views.ts';
import { loadInvoiceDetail } from './load-invoice.ts';

export const invoicesShow = defineTool({
  name: 'invoices_show',
  description:
    'One invoice by number, id or DRAFT- reference: status, whether and why it is held (held lines, open exceptions), each line ' +
    'with what it bills (time entries, expenses, usage, milestones), totals, balance, open dispute, and the pre-send ' +
    'dispute check stored when it was submitted (score, threshold, reasons, whether a review is recommended).',
  input: z.object({ ref: invoiceRefSchema }),
  output: invoiceDetailSchema,
  risk: 'read',
  policyAction: null,
  readers: EVERYONE,
  handler: async (ctx, { ref }) => {
    const d = await loadInvoiceDetail(ctx.db, ctx.actor, ref);
    if (!d.ok) return d;
    return ok({ ...invoiceDetailView(d.value), disputeRisk: d.value.submittedDisputeRisk });
  },
});
