/**
 * A client's invoice prepared and not yet numbered (a draft, or one pending approval) that a move to another legal
 * entity takes along, as its approvers are shown it. The move's arguments carry the list, so an approval covers
 * exactly the invoices it named: a different set (one added, gone, re-rated or sent back) is another move, asked again.
 */
export interface MovingInvoice {
  id: string;
  /** Its draft reference (DRAFT-1A2B3C4D): it has no number yet. */
  reference: string;
  status: 'draft' | 'pending_approval';
  /** The total, a decimal string in its currency ("1250.00"). */
  total: string;
  currency: string;
  /** Its due date when it has one; else it falls due `paymentTermsDays` after it is issued. */
  dueDate: string | null;
  paymentTermsDays: number;
}

/** How many moving invoices the approvers' reason names before "and N more". */
export const MOVING_INVOICES_SHOWN = 10;

const oneInvoice = (i: MovingInvoice): string =>
  `${i.reference} ${i.total} ${i.currency} (${i.status === 'draft' ? 'draft' : 'pending approval'}, due ` +
  `${i.dueDate ?? `${i.paymentTermsDays} days after issue`})`;

/**
 * The invoices a move takes along, for the approvers: each one's reference, amount and due date, the first ten, then
 * how many more. Empty when none moves.
 * @example movingInvoicesText([{ reference: 'DRAFT-1A2B3C4D', total: '600.00', currency: 'USD', status: 'draft',
 *   dueDate: null, paymentTermsDays: 30, id: '…' }])
 *   // '1 invoice not yet numbered moves with it: DRAFT-1A2B3C4D 600.00 USD (draft, due 30 days after issue)'
 */
export function movingInvoicesText(invoices: readonly MovingInvoice[] | undefined): string {
  if (!invoices || invoices.length === 0) return '';
  const shown = invoices.slice(0, MOVING_INVOICES_SHOWN).map(oneInvoice).join('; ');
  const more = invoices.length > MOVING_INVOICES_SHOWN ? `; and ${invoices.length - MOVING_INVOICES_SHOWN} more` : '';
  const head =
    invoices.length === 1 ? '1 invoice not yet numbered moves' : `${invoices.length} invoices not yet numbered move`;
  return `${head} with it: ${shown}${more}`;
}
