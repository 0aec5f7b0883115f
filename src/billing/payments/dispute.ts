import { transition, type InvalidTransition, type InvoiceStatus } from '../invoices/lifecycle.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { openBalance, type InvoiceBalanceFacts } from './balance.ts';
import { collectionStatus } from './status.ts';
import { moneyView, type MoneyView } from '../../shared/money.ts';

/** How a dispute ends: upheld (the client is right; a credit note typically follows) or rejected. */
export const DISPUTE_RESOLUTIONS = ['upheld', 'rejected'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];

export type DisputeRefusal =
  | InvalidTransition
  | { code: 'NOTHING_TO_DISPUTE'; message: string }
  | { code: 'DISPUTED_AMOUNT_INVALID'; message: string; openBalance: MoneyView };

/**
 * Checks opening a dispute on an invoice: it must be posted with something still owed (posted,
 * delivered or partially paid), and a disputed amount, when given, positive and at most what is open.
 * @example planDispute(deliveredInvoiceOwing1000, 25000n) // ok('disputed')
 */
export function planDispute(
  inv: InvoiceBalanceFacts,
  disputedMinor: bigint | null,
): Result<'disputed', DisputeRefusal> {
  const t = transition(inv.status, 'dispute', inv.kind);
  if (!t.ok) return t;
  const open = openBalance(inv);
  if (open <= 0n) return err({ code: 'NOTHING_TO_DISPUTE', message: 'nothing is owed on the invoice' });
  if (disputedMinor !== null && (disputedMinor <= 0n || disputedMinor > open)) {
    const shown = moneyView(open, inv.currency);
    return err({
      code: 'DISPUTED_AMOUNT_INVALID',
      message: `a disputed amount must be more than zero and at most the ${shown.amount} ${inv.currency} open`,
      openBalance: shown,
    });
  }
  return ok('disputed');
}

/**
 * The status a disputed invoice returns to when its dispute is resolved, either way: what its
 * balance gives (delivered, posted, partially paid or paid). An upheld dispute is corrected by a
 * credit note, a separate approved action that then lowers the balance.
 */
export function planResolution(inv: InvoiceBalanceFacts): Result<InvoiceStatus, InvalidTransition> {
  const t = transition(inv.status, 'resolve_dispute', inv.kind);
  if (!t.ok) return t;
  return ok(collectionStatus({ ...inv, disputeOpen: false }));
}
