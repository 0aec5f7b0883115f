import { err, ok, type Result } from '../../shared/result.ts';

/** Every status an invoice or credit note can be in. */
export const INVOICE_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'posted',
  'delivered',
  'partially_paid',
  'paid',
  'disputed',
  'void',
  'written_off',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type InvoiceKind = 'invoice' | 'credit_note';

/**
 * What a use case does to an invoice; `credit` and `edit` leave the status as it is. `pay`,
 * `reverse_payment` and `resolve_dispute` set it from the open balance (billing/payments/status.ts).
 */
export type LifecycleCommand =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'post'
  | 'deliver'
  | 'void'
  | 'write_off'
  | 'credit'
  | 'edit'
  | 'pay'
  | 'reverse_payment'
  | 'dispute'
  | 'resolve_dispute';

interface Rule {
  from: readonly InvoiceStatus[];
  /**
   * The status afterwards; null when the command keeps it (or, for payments and disputes, derives it
   * from the balance); a map when it depends on the status before (a status it does not name is kept).
   */
  to: InvoiceStatus | null | Partial<Record<InvoiceStatus, InvoiceStatus>>;
  /** Which kinds of document the command applies to. */
  kinds: readonly InvoiceKind[];
}

const BOTH: readonly InvoiceKind[] = ['invoice', 'credit_note'];
const INVOICE: readonly InvoiceKind[] = ['invoice'];

/**
 * The invoice lifecycle: draft -> pending_approval -> approved -> posted -> delivered, back to draft
 * on rejection, void only before posting (afterwards corrections are credit notes), written off once
 * posted. A credit note is born approved (its approval happens before it exists) and is then posted
 * and delivered like an invoice. Once posted, an invoice takes payments (-> partially_paid / paid by
 * its open balance; a reversed payment reopens it) and may be disputed, which collectors must not
 * chase until a controller resolves it (back to the status its balance gives). Delivery is also a
 * fact of its own (delivered_at): a client may pay, or dispute, before the delivery is recorded, and
 * recording it then keeps the status its balance gives (delivered only an invoice still `posted`);
 * a second delivery is refused by the use case, which knows delivered_at.
 */
export const LIFECYCLE: Readonly<Record<LifecycleCommand, Rule>> = {
  submit: { from: ['draft'], to: 'pending_approval', kinds: INVOICE },
  approve: { from: ['pending_approval'], to: 'approved', kinds: INVOICE },
  reject: { from: ['pending_approval'], to: 'draft', kinds: INVOICE },
  post: { from: ['approved'], to: 'posted', kinds: BOTH },
  deliver: { from: ['posted', 'partially_paid', 'paid', 'disputed'], to: { posted: 'delivered' }, kinds: BOTH },
  void: { from: ['draft', 'pending_approval', 'approved'], to: 'void', kinds: BOTH },
  write_off: { from: ['posted', 'delivered', 'partially_paid', 'disputed'], to: 'written_off', kinds: INVOICE },
  credit: { from: ['posted', 'delivered', 'partially_paid', 'paid', 'disputed'], to: null, kinds: INVOICE },
  edit: { from: ['draft'], to: null, kinds: INVOICE },
  pay: { from: ['posted', 'delivered', 'partially_paid', 'disputed'], to: null, kinds: INVOICE },
  // A written-off invoice is refused: the write-off took the balance the reversal would reopen.
  reverse_payment: { from: ['posted', 'delivered', 'partially_paid', 'paid', 'disputed'], to: null, kinds: INVOICE },
  dispute: { from: ['posted', 'delivered', 'partially_paid'], to: 'disputed', kinds: INVOICE },
  resolve_dispute: { from: ['disputed'], to: null, kinds: INVOICE },
};

/** The command is not possible in the invoice's current status (or for its kind). */
export interface InvalidTransition {
  code: 'INVALID_TRANSITION';
  message: string;
  status: InvoiceStatus;
  kind: InvoiceKind;
  command: LifecycleCommand;
  allowedFrom: readonly InvoiceStatus[];
}

const HINTS: Partial<Record<LifecycleCommand, string>> = {
  deliver: 'only a posted invoice, paid or not, can be delivered',
  void: 'after posting, an invoice is corrected only by a credit note',
  edit: 'only a draft can change; reject it back to draft first',
  credit: 'only a posted invoice is credited; before posting, void or reject it',
  pay: 'only a posted invoice that is not paid, written off or void takes payments',
  reverse_payment: 'a payment on a written-off invoice cannot be reversed; the write-off already took its balance',
  dispute: 'only a posted invoice with something still owed can be disputed',
  resolve_dispute: 'only a disputed invoice has a dispute to resolve',
};

/**
 * The status after a command, or why the command is refused.
 * @example transition('approved', 'post', 'invoice') // ok('posted')
 * @example transition('posted', 'void', 'invoice') // err INVALID_TRANSITION, 'after posting, an invoice is corrected only by a credit note'
 */
export function transition(
  status: InvoiceStatus,
  command: LifecycleCommand,
  kind: InvoiceKind,
): Result<InvoiceStatus, InvalidTransition> {
  const rule = LIFECYCLE[command];
  if (rule.kinds.includes(kind) && rule.from.includes(status))
    return ok(typeof rule.to === 'string' ? rule.to : (rule.to?.[status] ?? status));
  const why = !rule.kinds.includes(kind)
    ? `a ${kind.replace('_', ' ')} cannot ${command.replace('_', ' ')}`
    : `cannot ${command.replace('_', ' ')} an invoice that is ${status.replace('_', ' ')}${HINTS[command] ? `; ${HINTS[command]}` : ''}`;
  return err({ code: 'INVALID_TRANSITION', message: why, status, kind, command, allowedFrom: rule.from });
}

/** Narrows a status read from the database. */
export function asInvoiceStatus(s: string): InvoiceStatus {
  if (!(INVOICE_STATUSES as readonly string[]).includes(s)) throw new Error(`unknown invoice status ${s}`);
  return s as InvoiceStatus;
}
