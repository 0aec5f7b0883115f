import { parseArgs } from 'node:util';
import { findInvoiceId, getInvoiceDetail, listInvoices } from '../../db/stores/invoice-queries.ts';
import { invoiceDetailView, invoiceSummaryView } from '../../db/views/invoice-views.ts';
import { invoiceListQuerySchema } from '../../db/views/list-queries.ts';
import { EXIT, type CliContext } from '../io.ts';
import { groupThousands, renderTable } from '../table.ts';

const money = (m: { amount: string; currency: string }) => `${groupThousands(m.amount)} ${m.currency}`;

/** `invoices list [--json] [--period] [--status] [--client]` and `invoices show REF [--json]`. */
export async function invoicesCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return list(rest, ctx);
  if (sub === 'show') return show(rest, ctx);
  ctx.io.stderr(
    'Usage: billing-copilot invoices list [--json] [--period YYYY-MM] [--status S] [--client CODE] | invoices show NUMBER [--json]\n',
  );
  return EXIT.USAGE;
}

async function list(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean' },
      period: { type: 'string' },
      status: { type: 'string' },
      client: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
  });
  const q = invoiceListQuerySchema.safeParse({ ...values, json: undefined, limit: values.limit ?? '200' });
  if (!q.success) {
    ctx.io.stderr(`${q.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
    return EXIT.USAGE;
  }
  const { rows, total } = await listInvoices((await ctx.database()).db, { ...q.data, clientCode: q.data.client });
  const views = rows.map(invoiceSummaryView);
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify({ items: views, total }, null, 2)}\n`);
    return EXIT.OK;
  }
  ctx.io.stdout(
    renderTable(
      ['Reference', 'Period', 'Client', 'Contract', 'Status', 'Subtotal', 'Tax', 'Total', 'Held'],
      views.map((v) => [
        v.reference,
        v.period,
        v.client.code,
        v.contract,
        v.status + (v.held ? ' (held)' : ''),
        money(v.subtotal),
        money(v.tax),
        money(v.total),
        v.heldAmount.amount.replace(/[0.]/g, '') ? money(v.heldAmount) : '',
      ]),
    ),
  );
  ctx.io.stdout(`${views.length} of ${total} invoices\n`);
  return EXIT.OK;
}

async function show(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const ref = positionals[0];
  if (!ref) {
    ctx.io.stderr(
      'invoices show needs an invoice number or DRAFT- reference, e.g. billing-copilot invoices show DRAFT-1A2B3C4D\n',
    );
    return EXIT.USAGE;
  }
  const db = (await ctx.database()).db;
  const id = await findInvoiceId(db, ref);
  const detail = id ? await getInvoiceDetail(db, id) : null;
  if (!detail) {
    ctx.io.stderr(`No invoice ${ref}. "billing-copilot invoices list" shows the references.\n`);
    return EXIT.NOT_FOUND;
  }
  const v = invoiceDetailView(detail);
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify(v, null, 2)}\n`);
    return EXIT.OK;
  }
  const out: string[] = [];
  out.push(
    `${v.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${v.reference}  [${v.status}${v.held ? ', held' : ''}]`,
  );
  out.push(`From ${v.legalEntity.name} (${v.legalEntity.taxRegistration ?? 'no tax registration'})`);
  out.push(`To   ${v.client.name} (${v.client.code}${v.client.taxId ? `, ${v.client.taxId}` : ''})`);
  out.push(
    `Contract ${v.contract.code} "${v.contract.name}", period ${v.period}, terms net ${v.paymentTermsDays}${v.poNumber ? `, PO ${v.poNumber}` : ''}`,
  );
  if (v.supplementsInvoice)
    out.push(
      `Supplementary invoice to ${v.supplementsInvoice.reference} [${v.supplementsInvoice.status}]: bills held lines carried off it`,
    );
  for (const s of v.supplementaryInvoices)
    out.push(
      `Supplementary invoice ${s.reference} [${s.status}] bills held lines carried off this one: ${money(s.total)}`,
    );
  for (const r of v.fx) {
    const expenses = r.usedFor.filter((u) => u.startsWith('expense:')).length;
    const what = [
      ...(r.usedFor.includes('contract_currency') ? ['the contract currency'] : []),
      ...(expenses ? [`${expenses} expense${expenses === 1 ? '' : 's'}`] : []),
    ];
    out.push(`Converted ${r.from} to ${r.to} at ${r.rate} (rate of ${r.rateDate}) for ${what.join(' and ')}`);
  }
  out.push('');
  out.push(
    renderTable(
      ['#', 'Description', 'Qty', 'Unit', 'Unit price', 'Amount', 'Tax', 'Billed from'],
      v.lines.map((l) => [
        l.lineNo,
        l.held && !/held/i.test(l.description) ? `${l.description} [HELD]` : l.description,
        l.quantity,
        l.unit,
        l.unitPrice,
        money(l.amount),
        `${l.tax.ratePercent}% ${l.tax.category}`,
        [
          l.contractTerm,
          ...l.sources.map((s) => sourceLabel(s.kind, s.count)),
          ...(l.sameRecordsAsLine ? [`records of line ${l.sameRecordsAsLine}`] : []),
        ].join('; '),
      ]),
    ).trimEnd(),
  );
  out.push('');
  out.push(
    `Subtotal ${money(v.subtotal)}   Tax ${money(v.tax)}   Total ${money(v.total)}${v.heldAmount.amount.replace(/[0.-]/g, '') ? `   Held for review ${money(v.heldAmount)}` : ''}`,
  );
  if (v.exceptions.length) {
    out.push('', 'Exceptions:');
    for (const e of v.exceptions) out.push(`  - [${e.severity}/${e.status}] ${e.type}: ${e.message}`);
  }
  ctx.io.stdout(`${out.join('\n')}\n`);
  return EXIT.OK;
}

const SOURCE_NOUN: Record<string, [string, string]> = {
  time_entry: ['time entry', 'time entries'],
  expense: ['expense', 'expenses'],
  usage_record: ['usage record', 'usage records'],
  milestone: ['milestone', 'milestones'],
};
function sourceLabel(kind: string, count: number): string {
  const [one, many] = SOURCE_NOUN[kind] ?? [kind, `${kind}s`];
  return `${count} ${count === 1 ? one : many}`;
}
