import type { DbOrTx } from '../../db/client.ts';
import { insertApprovalNotice } from '../../db/stores/approval-notice-store.ts';
import { draftReference } from '../../db/stores/invoice-queries.ts';
import type { InvoiceRow } from '../../db/stores/invoice-lifecycle-store.ts';
import { personNamed } from './decision-notice.ts';

/** How the invoice was decided: approved (numbered, with its dates) or rejected with the reason. */
export type InvoiceDecision =
  | { event: 'granted'; decidedBy: string; after: Pick<InvoiceRow, 'number' | 'issueDate' | 'dueDate'> }
  | { event: 'rejected'; decidedBy: string; reason: string };

/**
 * Writes the submitter's notice of an invoice's approval decision, in the deciding transaction
 * (invoices_approve when the last level approves it, invoices_reject): a pending_approval invoice is
 * its own request, so the notice names the invoice and the revision it was decided at, once per
 * revision and person (a replay writes nothing). The submitter is the person the agent submitted for,
 * else who submitted; nothing for one who is not a person (a service identity). True when written.
 *
 * @example "Your invoice DRAFT-3F2A91C0 (invoice 3f2a91c0-…) was approved by Dana (dana@firm.example):
 * numbered INV-LE-A-2026-0007, issued 2026-11-20, due 2026-12-20."
 */
export async function writeInvoiceDecisionNotice(
  tx: DbOrTx,
  before: InvoiceRow,
  d: InvoiceDecision,
  now: Date,
): Promise<boolean> {
  const submitter = before.submittedFor ?? before.submittedBy;
  if (!submitter || (await personNamed(tx, submitter)) === null) return false;
  const name = await personNamed(tx, d.decidedBy);
  const by = name ? ` by ${name}` : '';
  const ref = `${before.number ?? draftReference(before.id)} (invoice ${before.id})`;
  const dates = (a: Pick<InvoiceRow, 'issueDate' | 'dueDate'>): string =>
    `${a.issueDate ? `, issued ${a.issueDate}` : ''}${a.dueDate ? `, due ${a.dueDate}` : ''}`;
  const text =
    d.event === 'granted'
      ? `Your invoice ${ref} was approved${by}: numbered ${d.after.number ?? 'without a number'}${dates(d.after)}.`
      : `Your invoice ${ref} was rejected${by}: ${d.reason}. It is back in draft at revision ${before.revision + 1}; ` +
        'submit it again once it is changed.';
  return insertApprovalNotice(tx, {
    userId: submitter,
    requestId: null,
    actionType: 'invoice.approve',
    targetType: 'invoice',
    targetId: before.id,
    invoiceRevision: before.revision,
    event: d.event,
    text,
    resumed: null,
    threadId: null,
    createdAt: now,
    // Told in the person's Slack or Teams DM by approval_notices_deliver (the chat worker), once.
    chatState: 'queued',
  });
}
