import type { InvoiceStatus } from '../invoices/lifecycle.ts';
import { openBalance, type InvoiceBalanceFacts } from './balance.ts';

/** The statuses of an invoice once it is posted and not yet written off. */
export type CollectionStatus = Extract<InvoiceStatus, 'posted' | 'delivered' | 'partially_paid' | 'paid' | 'disputed'>;
export const COLLECTION_STATUSES: readonly CollectionStatus[] = [
  'posted',
  'delivered',
  'partially_paid',
  'paid',
  'disputed',
];

/**
 * The status a posted invoice has, as a function of its balance: an open dispute wins (collectors
 * must not chase it, whatever is paid); otherwise paid when payments leave nothing open,
 * partially paid when some payment is applied, and delivered or posted when none is.
 * @example collectionStatus({ totalMinor: 1000n, creditedMinor: 0n, paidMinor: 400n, status: 'delivered', delivered: true, disputeOpen: false }) // 'partially_paid'
 */
export function collectionStatus(
  f: Pick<InvoiceBalanceFacts, 'totalMinor' | 'creditedMinor' | 'paidMinor' | 'status' | 'delivered' | 'disputeOpen'>,
): CollectionStatus {
  if (f.disputeOpen) return 'disputed';
  if (f.paidMinor > 0n) return openBalance(f) <= 0n ? 'paid' : 'partially_paid';
  return f.delivered ? 'delivered' : 'posted';
}
