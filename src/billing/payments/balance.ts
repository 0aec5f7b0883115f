import type { InvoiceKind, InvoiceStatus } from '../invoices/lifecycle.ts';

/**
 * What the payment and dispute rules know about one invoice, read under its row lock. Credit notes
 * are invoices of kind credit_note pointing at it (not void; stored with negative totals, here the
 * positive amount credited); a write-off is the status written_off, which took whatever was still
 * owed at the time, so a written-off invoice owes nothing.
 */
export interface InvoiceBalanceFacts {
  id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  clientId: string;
  currency: string;
  totalMinor: bigint;
  /** Credited by credit notes that are not void, as a positive amount. */
  creditedMinor: bigint;
  /** Applied by payments that are not reversed. */
  paidMinor: bigint;
  /** The client has the invoice (it was delivered), so without payments it is `delivered`, not `posted`. */
  delivered: boolean;
  /** A dispute is open: collectors must not chase the invoice. */
  disputeOpen: boolean;
}

/**
 * The open balance: total less credit notes, payments and write-offs. The one notion of "still
 * owed" that payments, disputes, write-offs and the invoice view share.
 * @example openBalance({ totalMinor: 100000n, creditedMinor: 20000n, paidMinor: 30000n, status: 'partially_paid' }) // 50000n
 * @example openBalance({ totalMinor: 100000n, creditedMinor: 0n, paidMinor: 30000n, status: 'written_off' }) // 0n
 */
export function openBalance(
  f: Pick<InvoiceBalanceFacts, 'totalMinor' | 'creditedMinor' | 'paidMinor' | 'status'>,
): bigint {
  if (f.status === 'written_off') return 0n;
  return f.totalMinor - f.creditedMinor - f.paidMinor;
}
