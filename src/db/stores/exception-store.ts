import { and, eq, ne, sql } from 'drizzle-orm';
import { nteConsumption } from '../../billing/invoices/holds.ts';
import type { DbOrTx } from '../client.ts';
import { billingExceptions, contracts, invoiceLines, invoices, users } from '../schema/index.ts';
import type { InvoiceRow } from './invoice-lifecycle-store.ts';

export type ExceptionRow = typeof billingExceptions.$inferSelect;

/** An exception by id; with `lock`, FOR UPDATE. */
export async function getException(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ExceptionRow | null> {
  const q = db.select().from(billingExceptions).where(eq(billingExceptions.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** The legal entity an exception belongs to: its contract's, else its invoice's; null when it has neither. */
export async function exceptionEntityId(db: DbOrTx, e: ExceptionRow): Promise<string | null> {
  if (e.contractId) {
    const [c] = await db.select({ id: contracts.legalEntityId }).from(contracts).where(eq(contracts.id, e.contractId));
    if (c) return c.id;
  }
  if (e.invoiceId) {
    const [i] = await db.select({ id: invoices.legalEntityId }).from(invoices).where(eq(invoices.id, e.invoiceId));
    if (i) return i.id;
  }
  return null;
}

/** What the audit trail records about an exception. */
export function exceptionSnapshot(e: ExceptionRow) {
  return {
    id: e.id,
    type: e.type,
    severity: e.severity,
    status: e.status,
    invoiceId: e.invoiceId,
    invoiceLineId: e.invoiceLineId,
    assignedTo: e.assignedTo,
    resolutionCode: e.resolutionCode,
    resolutionNote: e.resolutionNote,
    resolvedBy: e.resolvedBy,
  };
}

/** An active person (not the agent) who may work in the legal entity. */
export async function findAssignableUser(
  db: DbOrTx,
  userId: string,
  entityId: string | null,
): Promise<{ id: string; name: string } | null> {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), eq(users.kind, 'person')));
  if (!u) return null;
  if (u.entityIds !== null && (entityId === null || !u.entityIds.includes(entityId))) return null;
  return { id: u.id, name: u.name };
}

/** Other unresolved blocking exceptions that hold the same line. */
export async function otherBlockersOfLine(db: DbOrTx, e: ExceptionRow): Promise<number> {
  if (e.invoiceLineId === null) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(billingExceptions)
    .where(
      and(
        eq(billingExceptions.invoiceLineId, e.invoiceLineId),
        ne(billingExceptions.id, e.id),
        eq(billingExceptions.severity, 'blocking'),
        sql`${billingExceptions.status} <> 'resolved'`,
      ),
    );
  return Number(row?.n ?? 0);
}

/**
 * Releases a held line of a draft: it is billed as rated and counts against the contract's
 * not-to-exceed cap from now on. Returns false when the line was not held.
 */
export async function releaseLine(tx: DbOrTx, invoice: InvoiceRow, lineId: number): Promise<boolean> {
  const [line] = await tx
    .update(invoiceLines)
    .set({ held: false })
    .where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.held, true)))
    .returning({ kind: invoiceLines.kind, amountMinor: invoiceLines.amountMinor });
  if (!line) return false;
  const fx = invoice.fxFrom && invoice.fxRate ? { from: invoice.fxFrom, rate: invoice.fxRate } : null;
  const consumed = nteConsumption(line.kind, line.amountMinor, invoice.currency, fx);
  if (consumed !== 0n)
    await tx
      .update(invoices)
      .set({ nteConsumedMinor: sql`${invoices.nteConsumedMinor} + ${consumed}` })
      .where(eq(invoices.id, invoice.id));
  return true;
}

/** Writes a held line off: it stays on the draft at zero (its records stay billed by it) and is no longer held. */
export async function writeOffLine(tx: DbOrTx, invoice: InvoiceRow, lineId: number): Promise<boolean> {
  const [line] = await tx
    .update(invoiceLines)
    .set({
      held: false,
      unitPrice: '0',
      amountMinor: 0n,
      taxMinor: 0n,
      preciseAmount: '0',
      description: sql`${invoiceLines.description} || ' — written off'`,
    })
    .where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.held, true)))
    .returning({ id: invoiceLines.id });
  return line !== undefined;
}
