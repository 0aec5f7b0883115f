import { and, eq, inArray } from 'drizzle-orm';
import { RESOLUTION_RULES } from '../../billing/invoices/resolution-codes.ts';
import type { ReleasedHold } from '../../policy/facts.ts';
import { money, type Money } from '../../shared/money.ts';
import type { DbOrTx } from '../client.ts';
import { approvalRequests, approvals, billingExceptions, invoiceLines } from '../schema/index.ts';

const RELEASING = Object.entries(RESOLUTION_RULES)
  .filter(([, r]) => r.effect === 'release')
  .map(([code]) => code);

/** The held line an exception holds, when it is still held and carries money; null otherwise. */
export async function heldLineAmount(
  db: DbOrTx,
  invoiceId: string,
  lineId: number,
  currency: string,
): Promise<Money | null> {
  const [line] = await db
    .select({ amountMinor: invoiceLines.amountMinor, held: invoiceLines.held })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoiceId)));
  return line && line.held && line.amountMinor !== 0n ? money(line.amountMinor, currency) : null;
}

/**
 * Held money released onto an invoice: its lines, no longer held (or carried onto it from the invoice it supplements), whose exceptions were resolved
 * with a releasing code, with who resolved each and who approved the release (the approvals its
 * executed exception.resolve request ran under).
 */
export async function releasedHolds(db: DbOrTx, invoiceId: string, currency: string): Promise<ReleasedHold[]> {
  const rows = await db
    .select({
      id: billingExceptions.id,
      type: billingExceptions.type,
      resolvedBy: billingExceptions.resolvedBy,
      amountMinor: invoiceLines.amountMinor,
    })
    .from(billingExceptions)
    .innerJoin(invoiceLines, eq(invoiceLines.id, billingExceptions.invoiceLineId))
    .where(
      and(
        eq(billingExceptions.invoiceId, invoiceId),
        eq(billingExceptions.status, 'resolved'),
        inArray(billingExceptions.resolutionCode, RELEASING),
        eq(invoiceLines.held, false),
      ),
    )
    .orderBy(billingExceptions.id);
  // On a supplementary invoice: the carried lines it bills, released off the original invoice.
  const carried = await db
    .select({
      id: billingExceptions.id,
      type: billingExceptions.type,
      resolvedBy: billingExceptions.resolvedBy,
      amountMinor: invoiceLines.amountMinor,
    })
    .from(billingExceptions)
    .innerJoin(invoiceLines, eq(invoiceLines.carriedFromLineId, billingExceptions.invoiceLineId))
    .where(
      and(
        eq(invoiceLines.invoiceId, invoiceId),
        eq(billingExceptions.status, 'resolved'),
        inArray(billingExceptions.resolutionCode, RELEASING),
      ),
    )
    .orderBy(billingExceptions.id);
  const released = [...rows, ...carried].filter((r) => r.amountMinor !== 0n);
  if (released.length === 0) return [];
  const granted = await db
    .select({ exceptionId: approvalRequests.targetId, approverId: approvals.approverId })
    .from(approvalRequests)
    .innerJoin(
      approvals,
      and(
        eq(approvals.actionType, approvalRequests.actionType),
        eq(approvals.targetId, approvalRequests.targetId),
        eq(approvals.argsHash, approvalRequests.argsHash),
      ),
    )
    .where(
      and(
        eq(approvalRequests.actionType, 'exception.resolve'),
        eq(approvalRequests.status, 'executed'),
        inArray(
          approvalRequests.targetId,
          released.map((r) => r.id),
        ),
      ),
    )
    .orderBy(approvals.level);
  return released.map((r) => ({
    exceptionId: r.id,
    exceptionType: r.type,
    amount: money(r.amountMinor, currency),
    resolvedBy: r.resolvedBy,
    approvedBy: [...new Set(granted.filter((g) => g.exceptionId === r.id).map((g) => g.approverId))],
  }));
}
