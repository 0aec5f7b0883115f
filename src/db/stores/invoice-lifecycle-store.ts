import { and, asc, eq, sql } from 'drizzle-orm';
import { formatInvoiceNumber } from '../../billing/invoices/numbering.ts';
import { lineTotals, type InvoiceTotals } from '../../billing/invoices/line-totals.ts';
import { queryRows, type DbOrTx } from '../client.ts';
import { billingExceptions, invoiceLines, invoices, legalEntities } from '../schema/index.ts';

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;

/** An invoice by id; with `lock`, the row is locked FOR UPDATE until the caller's transaction ends. */
export async function getInvoice(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<InvoiceRow | null> {
  const q = db.select().from(invoices).where(eq(invoices.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The lines of an invoice in line order. */
export async function getInvoiceLines(db: DbOrTx, invoiceId: string): Promise<InvoiceLineRow[]> {
  return db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId))
    .orderBy(asc(invoiceLines.lineNo), asc(invoiceLines.id));
}

/** What the audit trail records about an invoice: plain data, no Date objects. */
export function invoiceSnapshot(r: InvoiceRow) {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    revision: r.revision,
    legalEntityId: r.legalEntityId,
    contractId: r.contractId,
    period: r.period,
    currency: r.currency,
    subtotalMinor: r.subtotalMinor,
    taxMinor: r.taxMinor,
    totalMinor: r.totalMinor,
    heldMinor: r.heldMinor,
    held: r.held,
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    creditsInvoiceId: r.creditsInvoiceId,
    preparedBy: r.preparedBy,
    submittedBy: r.submittedBy,
    submittedFor: r.submittedFor,
    approvedBy: r.approvedBy,
    rejectionCount: r.rejectionCount,
    statusReason: r.statusReason,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
  };
}

/**
 * Takes the legal entity's next invoice number inside the caller's transaction. The UPDATE locks
 * the entity row until commit, so concurrent approvals queue and a rolled-back one gives its number
 * back: the sequence has no gaps.
 */
export async function takeInvoiceNumber(tx: DbOrTx, legalEntityId: string): Promise<string> {
  const [row] = await tx
    .update(legalEntities)
    .set({ nextInvoiceNumber: sql`${legalEntities.nextInvoiceNumber} + 1` })
    .where(eq(legalEntities.id, legalEntityId))
    .returning({
      taken: sql<string>`(${legalEntities.nextInvoiceNumber} - 1)::text`,
      prefix: legalEntities.invoicePrefix,
    });
  if (!row) throw new Error(`legal entity ${legalEntityId} missing while numbering an invoice`);
  return formatInvoiceNumber(row.prefix, BigInt(row.taken));
}

/** How many billed records of each kind were released. */
export interface ReleasedRecords {
  timeEntries: number;
  expenses: number;
  usageRecords: number;
  milestones: number;
}

/**
 * Makes what an invoice billed billable again by deleting the links from its lines to the records.
 * Unlike deleteInvoiceLines the lines stay: a voided invoice, numbered or not, remains readable.
 */
export async function releaseBilledRecords(tx: DbOrTx, invoiceId: string): Promise<ReleasedRecords> {
  const lines = sql`(SELECT id FROM invoice_lines WHERE invoice_id = ${invoiceId})`;
  const del = async (table: string): Promise<number> =>
    (
      await queryRows<{ n: number }>(
        tx,
        sql`WITH d AS (DELETE FROM ${sql.raw(table)} WHERE line_id IN ${lines} RETURNING 1) SELECT count(*)::int AS n FROM d`,
      )
    )[0]?.n ?? 0;
  return {
    timeEntries: await del('invoice_line_time_entries'),
    expenses: await del('invoice_line_expenses'),
    usageRecords: await del('invoice_line_usage'),
    milestones: await del('invoice_line_milestones'),
  };
}

/**
 * Recomputes a draft's totals from its lines (lineTotals), and its held flag: a held line that is
 * not carried (a hold_draft hold), or an unresolved blocking exception that holds the whole draft.
 */
export async function recomputeInvoiceTotals(
  tx: DbOrTx,
  invoiceId: string,
  now: Date,
): Promise<InvoiceTotals & { held: boolean }> {
  const lines = await tx
    .select({
      amountMinor: invoiceLines.amountMinor,
      taxMinor: invoiceLines.taxMinor,
      held: invoiceLines.held,
      carried: invoiceLines.carried,
    })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId));
  const totals = lineTotals(lines);
  const [doc] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(billingExceptions)
    .where(
      and(
        eq(billingExceptions.invoiceId, invoiceId),
        eq(billingExceptions.severity, 'blocking'),
        sql`${billingExceptions.invoiceLineId} IS NULL`,
        sql`${billingExceptions.status} <> 'resolved'`,
      ),
    );
  const held = lines.some((l) => l.held && !l.carried) || Number(doc?.n ?? 0) > 0;
  await tx
    .update(invoices)
    .set({ ...totals, held, updatedAt: now })
    .where(eq(invoices.id, invoiceId));
  return { ...totals, held };
}

/** Unresolved exceptions on an invoice. */
export async function openExceptionsOf(db: DbOrTx, invoiceId: string) {
  return db
    .select({
      id: billingExceptions.id,
      type: billingExceptions.type,
      severity: billingExceptions.severity,
      invoiceLineId: billingExceptions.invoiceLineId,
      holdScope: billingExceptions.holdScope,
    })
    .from(billingExceptions)
    .where(and(eq(billingExceptions.invoiceId, invoiceId), sql`${billingExceptions.status} <> 'resolved'`))
    .orderBy(asc(billingExceptions.createdAt), asc(billingExceptions.id));
}
