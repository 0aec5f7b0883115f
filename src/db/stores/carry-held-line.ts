import { and, desc, eq, sql } from 'drizzle-orm';
import { nteConsumption } from '../../billing/invoices/holds.ts';
import type { DbOrTx } from '../client.ts';
import { invoiceLines, invoices } from '../schema/index.ts';
import { recomputeInvoiceTotals, type InvoiceLineRow, type InvoiceRow } from './invoice-lifecycle-store.ts';

const LINK_TABLES = [
  'invoice_line_time_entries',
  'invoice_line_expenses',
  'invoice_line_usage',
  'invoice_line_milestones',
] as const;

/** A held line of an invoice that is carried (its hold bills the rest), with the line that bills it since, if any. */
export async function carriedLine(
  db: DbOrTx,
  invoiceId: string,
  lineId: number,
): Promise<{ line: InvoiceLineRow; carriedToInvoiceId: string | null } | null> {
  const [line] = await db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoiceId)));
  if (!line || !line.carried) return null;
  const [to] = await db
    .select({ invoiceId: invoiceLines.invoiceId })
    .from(invoiceLines)
    .where(eq(invoiceLines.carriedFromLineId, lineId));
  return { line, carriedToInvoiceId: to?.invoiceId ?? null };
}

/**
 * Bills a released carried line on a supplementary invoice of the same contract and period: the
 * open supplementary draft of the original invoice if there is one, else a new draft prepared by
 * the person who released it. The line is copied unheld (carried_from_line_id: at most once, by a
 * unique index), the links of the records it billed move to the copy (voiding the original no longer
 * frees them; voiding the supplement does), and its fees count against the contract's cap on the
 * supplement. The original line stays on the original invoice, held, as the record of what was carried.
 * Runs inside the caller's transaction with the original invoice locked.
 */
export async function carryHeldLine(
  tx: DbOrTx,
  original: InvoiceRow,
  line: InvoiceLineRow,
  preparedBy: string,
  now: Date,
): Promise<InvoiceRow> {
  const [open] = await tx
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.supplementsInvoiceId, original.id),
        eq(invoices.status, 'draft'),
        // A late-fee draft supplements the invoice too, but bills the fee alone (src/tools/invoices/apply-late-fee.ts).
        sql`NOT EXISTS (SELECT 1 FROM invoice_lines fl WHERE fl.invoice_id = ${invoices.id} AND fl.contract_term = 'late_fee')`,
      ),
    )
    .orderBy(desc(invoices.createdAt))
    .limit(1)
    .for('update');
  const supplement =
    open ??
    (
      await tx
        .insert(invoices)
        .values({
          kind: 'invoice',
          status: 'draft',
          supplementsInvoiceId: original.id,
          legalEntityId: original.legalEntityId,
          clientId: original.clientId,
          contractId: original.contractId,
          period: original.period,
          currency: original.currency,
          fxFrom: original.fxFrom,
          fxRate: original.fxRate,
          fxRateDate: original.fxRateDate,
          fxRates: original.fxRates,
          poNumber: original.poNumber,
          paymentTermsDays: original.paymentTermsDays,
          preparedBy,
          nteConsumedMinor: 0n,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
    )[0]!;
  const [last] = await tx
    .select({ n: sql<number>`coalesce(max(${invoiceLines.lineNo}), 0)::int` })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, supplement.id));
  const {
    id: _id,
    invoiceId: _inv,
    lineNo: _no,
    parentLineId: _parent,
    held: _held,
    carried: _carried,
    carriedFromLineId: _from,
    lineKey,
    ...rest
  } = line;
  const [copy] = await tx
    .insert(invoiceLines)
    .values({
      ...rest,
      invoiceId: supplement.id,
      lineKey: `carried:${line.id}:${lineKey}`,
      lineNo: Number(last?.n ?? 0) + 1,
      held: false,
      carried: false,
      carriedFromLineId: line.id,
    })
    .returning({ id: invoiceLines.id });
  for (const table of LINK_TABLES)
    await tx.execute(sql`UPDATE ${sql.raw(table)} SET line_id = ${copy!.id} WHERE line_id = ${line.id}`);
  await tx.execute(sql`INSERT INTO invoice_line_usage_shares (line_id, usage_record_id)
    SELECT ${copy!.id}, usage_record_id FROM invoice_line_usage_shares WHERE line_id = ${line.id} ON CONFLICT DO NOTHING`);
  const fx = original.fxFrom && original.fxRate ? { from: original.fxFrom, rate: original.fxRate } : null;
  const consumed = nteConsumption(line.kind, line.amountMinor, original.currency, fx);
  await tx
    .update(invoices)
    .set({
      nteConsumedMinor: sql`${invoices.nteConsumedMinor} + ${consumed}`,
      // A supplementary draft that gains a line is another document for whoever approves it.
      revision: open ? sql`${invoices.revision} + 1` : supplement.revision,
    })
    .where(eq(invoices.id, supplement.id));
  await recomputeInvoiceTotals(tx, supplement.id, now);
  const [after] = await tx.select().from(invoices).where(eq(invoices.id, supplement.id));
  return after!;
}
