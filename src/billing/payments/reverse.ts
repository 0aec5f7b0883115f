import { transition, type InvalidTransition } from '../invoices/lifecycle.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { openBalance, type InvoiceBalanceFacts } from './balance.ts';
import type { InvoiceEffect } from './record.ts';
import { collectionStatus } from './status.ts';

export type ReversalRefusal =
  | { code: 'PAYMENT_ALREADY_REVERSED'; message: string; paymentId: string }
  | (InvalidTransition & { invoiceId: string });

/**
 * Plans reversing a payment (it bounced, or was recorded against the wrong client): every invoice
 * it paid gets its allocation back, so its balance is exactly what it was before the payment (less
 * what happened since: credit notes, other payments), and its status follows the balance. A
 * payment on an invoice written off since is refused: the write-off took the balance it would reopen.
 */
export function planReversal(
  payment: { id: string; reversed: boolean; allocations: readonly { invoiceId: string; amountMinor: bigint }[] },
  invoices: ReadonlyMap<string, InvoiceBalanceFacts>,
): Result<InvoiceEffect[], ReversalRefusal> {
  if (payment.reversed)
    return err({
      code: 'PAYMENT_ALREADY_REVERSED',
      message: `payment ${payment.id} is already reversed`,
      paymentId: payment.id,
    });
  const effects: InvoiceEffect[] = [];
  for (const a of payment.allocations) {
    const inv = invoices.get(a.invoiceId);
    if (!inv) throw new Error(`planReversal: no facts for invoice ${a.invoiceId}`);
    const t = transition(inv.status, 'reverse_payment', inv.kind);
    if (!t.ok) return err({ ...t.error, invoiceId: a.invoiceId });
    // The allocation is part of paidMinor; a fact that says otherwise is a bug, not a business outcome.
    if (inv.paidMinor < a.amountMinor)
      throw new Error(`planReversal: invoice ${a.invoiceId} shows less paid than the payment applied`);
    const after = { ...inv, paidMinor: inv.paidMinor - a.amountMinor };
    effects.push({
      invoiceId: a.invoiceId,
      amountMinor: -a.amountMinor,
      balanceBeforeMinor: openBalance(inv),
      balanceAfterMinor: openBalance(after),
      statusBefore: inv.status,
      statusAfter: collectionStatus(after),
    });
  }
  return ok(effects);
}
