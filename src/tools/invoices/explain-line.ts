import { z } from 'zod';
import { invoiceDetailView } from '../../db/views/invoice-views.ts';
import { EVERYONE } from '../../policy/role-groups.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { invoiceRefSchema } from './invoice-read-views.ts';
import { loadInvoiceDetail, type LoadInvoiceError } from './load-invoice.ts';

type ExplainLineError =
  | LoadInvoiceError
  | { code: 'INVOICE_LINE_NOT_FOUND'; message: string; ref: string; lineNo: number };

type LineView = ReturnType<typeof invoiceDetailView>['lines'][number];

const SOURCE_WORDS: Record<string, string> = {
  time_entry: 'time entries',
  expense: 'expenses',
  usage_record: 'usage records',
  milestone: 'milestones',
};

/** One sentence on what a line bills and why it is priced so, from its own fields only. */
export function explainLine(
  reference: string,
  l: LineView,
  currency: string,
  exceptions: readonly { type: string; message: string }[],
): string {
  const qty = `${l.quantity}${l.unit ? ` ${l.unit}` : ''}`;
  const who = l.role ? ` of ${l.role}` : '';
  const from = l.sources.length
    ? `, from ${l.sources.map((s) => `${s.count} ${SOURCE_WORDS[s.kind] ?? s.kind}`).join(' and ')}`
    : '';
  const term = l.contractTerm ? `; contract term: "${l.contractTerm}"` : '';
  const period = l.servicePeriod.start ? ` for ${l.servicePeriod.start} to ${l.servicePeriod.end}` : '';
  const held = l.held
    ? ` It is held${exceptions.length ? `: ${exceptions.map((e) => `${e.type} (${e.message})`).join('; ')}` : ''}.`
    : '';
  return `Line ${l.lineNo} of ${reference} (${l.kind}) bills ${qty}${who} at ${l.unitPrice} ${currency} = ${l.amount.amount} ${currency}${period}${from}${term}.${held}`;
}

const explainOutput = z.object({
  reference: z.string(),
  lineNo: z.number().int(),
  explanation: z.string(),
  amount: moneyViewSchema,
  held: z.boolean(),
  line: z.unknown().describe('The line as GET /invoices/:ref shows it'),
  exceptions: z.array(z.object({ id: z.string(), type: z.string(), status: z.string(), message: z.string() })),
});

export const invoicesExplainLine = defineTool({
  name: 'invoices_explain_line',
  description:
    'Explains one invoice line: quantity, rate and amount, the contract term and rate card entry it was priced under, the records it ' +
    "bills (time entry ids with the timesheet system's ids, expenses, usage, milestones), and why it is held (its exceptions).",
  input: z.object({
    ref: invoiceRefSchema,
    lineNo: z.coerce.number().int().min(1).max(100_000).describe('The line number on the invoice'),
  }),
  output: explainOutput,
  risk: 'read',
  policyAction: null,
  readers: EVERYONE,
  handler: async (ctx, { ref, lineNo }): Promise<Result<z.output<typeof explainOutput>, ExplainLineError>> => {
    const d = await loadInvoiceDetail(ctx.db, ctx.actor, ref);
    if (!d.ok) return d;
    const view = invoiceDetailView(d.value);
    const line = view.lines.find((l) => l.lineNo === lineNo);
    if (!line)
      return err({
        code: 'INVOICE_LINE_NOT_FOUND',
        message: `${view.reference} has no line ${lineNo} (it has ${view.lines.length})`,
        ref,
        lineNo,
      });
    const rawId = d.value.lines.find((l) => l.lineNo === lineNo)?.id;
    const exceptions = d.value.exceptions
      .filter((e) => e.invoiceLineId !== null && e.invoiceLineId === rawId && e.status !== 'resolved')
      .map((e) => ({ id: e.id, type: e.type, status: e.status, message: e.message }));
    return ok({
      reference: view.reference,
      lineNo,
      explanation: explainLine(view.reference, line, view.currency, exceptions),
      amount: line.amount,
      held: line.held,
      line,
      exceptions,
    });
  },
});
