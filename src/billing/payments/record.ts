import { transition, type InvalidTransition, type InvoiceStatus } from '../invoices/lifecycle.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { openBalance, type InvoiceBalanceFacts } from './balance.ts';
import { collectionStatus } from './status.ts';
import { moneyView, type MoneyView } from '../../shared/money.ts';

type Amount = MoneyView;

/** How cash arrives. */
export const PAYMENT_METHODS = ['bank_transfer', 'direct_debit', 'card', 'check', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** A payment as received: who paid, how much, and how much of it goes to which invoice. */
export interface PaymentDraft {
  clientId: string;
  currency: string;
  amountMinor: bigint;
  allocations: readonly { invoiceId: string; amountMinor: bigint }[];
}

/** What one allocation does to its invoice. */
export interface InvoiceEffect {
  invoiceId: string;
  amountMinor: bigint;
  balanceBeforeMinor: bigint;
  balanceAfterMinor: bigint;
  statusBefore: InvoiceStatus;
  statusAfter: InvoiceStatus;
}

/** A payment that passed the rules: its effect on each invoice and the cash left on the client. */
export interface PaymentPlan {
  effects: InvoiceEffect[];
  appliedMinor: bigint;
  /** Received but applied to no invoice: kept as the client's unapplied cash. */
  unappliedMinor: bigint;
}

export type PaymentRefusal =
  | { code: 'PAYMENT_NOT_POSITIVE'; message: string }
  | { code: 'ALLOCATION_NOT_POSITIVE'; message: string; invoiceId: string }
  | { code: 'DUPLICATE_ALLOCATION'; message: string; invoiceId: string }
  | { code: 'INVOICE_OF_ANOTHER_CLIENT'; message: string; invoiceId: string }
  | { code: 'CURRENCY_MISMATCH'; message: string; invoiceId: string; invoiceCurrency: string; paymentCurrency: string }
  | { code: 'OVERPAYMENT'; message: string; invoiceId: string; openBalance: Amount; allocated: Amount }
  | { code: 'ALLOCATIONS_EXCEED_PAYMENT'; message: string; allocated: Amount; payment: Amount }
  | (InvalidTransition & { invoiceId: string });

/**
 * Checks a payment against the invoices it pays (read under their row locks) and plans its effect.
 * Each allocation must be positive, in the invoice's currency, to an invoice of the payer that
 * takes payments (posted, delivered, partially paid, disputed), and at most the invoice's open
 * balance: an allocation beyond it is refused, never trimmed. What the allocations leave of the
 * payment stays on the client as unapplied cash. Checks run in allocation order; the first
 * failure is returned.
 * @example planPayment({ clientId: 'c', currency: 'USD', amountMinor: 100000n, allocations: [{ invoiceId: 'i', amountMinor: 80000n }] }, facts)
 * // ok: i goes from 80000n open to 0n (paid), 20000n unapplied
 */
export function planPayment(
  draft: PaymentDraft,
  invoices: ReadonlyMap<string, InvoiceBalanceFacts>,
): Result<PaymentPlan, PaymentRefusal> {
  const cur = draft.currency;
  if (draft.amountMinor <= 0n)
    return err({ code: 'PAYMENT_NOT_POSITIVE', message: 'a payment must be a positive amount' });
  const seen = new Set<string>();
  const effects: InvoiceEffect[] = [];
  let applied = 0n;
  for (const a of draft.allocations) {
    const inv = invoices.get(a.invoiceId);
    // The caller resolves every invoice first (not found is its error); a missing one is a bug.
    if (!inv) throw new Error(`planPayment: no facts for invoice ${a.invoiceId}`);
    if (seen.has(a.invoiceId))
      return err({
        code: 'DUPLICATE_ALLOCATION',
        message: `invoice ${a.invoiceId} is allocated twice; allocate it once`,
        invoiceId: a.invoiceId,
      });
    seen.add(a.invoiceId);
    if (a.amountMinor <= 0n)
      return err({
        code: 'ALLOCATION_NOT_POSITIVE',
        message: 'an allocation must be a positive amount',
        invoiceId: a.invoiceId,
      });
    if (inv.clientId !== draft.clientId) {
      return err({
        code: 'INVOICE_OF_ANOTHER_CLIENT',
        message: `invoice ${a.invoiceId} is billed to another client than the payer`,
        invoiceId: a.invoiceId,
      });
    }
    const t = transition(inv.status, 'pay', inv.kind);
    if (!t.ok) return err({ ...t.error, invoiceId: a.invoiceId });
    if (inv.currency !== cur) {
      return err({
        code: 'CURRENCY_MISMATCH',
        message: `invoice ${a.invoiceId} is in ${inv.currency}; the payment is in ${cur}`,
        invoiceId: a.invoiceId,
        invoiceCurrency: inv.currency,
        paymentCurrency: cur,
      });
    }
    const before = openBalance(inv);
    if (a.amountMinor > before) {
      const open = moneyView(before < 0n ? 0n : before, cur);
      return err({
        code: 'OVERPAYMENT',
        message: `${moneyView(a.amountMinor, cur).amount} ${cur} is more than the ${open.amount} ${cur} open on invoice ${a.invoiceId}; leave the excess unapplied`,
        invoiceId: a.invoiceId,
        openBalance: open,
        allocated: moneyView(a.amountMinor, cur),
      });
    }
    const after = { ...inv, paidMinor: inv.paidMinor + a.amountMinor };
    effects.push({
      invoiceId: a.invoiceId,
      amountMinor: a.amountMinor,
      balanceBeforeMinor: before,
      balanceAfterMinor: openBalance(after),
      statusBefore: inv.status,
      statusAfter: collectionStatus(after),
    });
    applied += a.amountMinor;
  }
  if (applied > draft.amountMinor) {
    return err({
      code: 'ALLOCATIONS_EXCEED_PAYMENT',
      message: `allocations of ${moneyView(applied, cur).amount} ${cur} exceed the payment of ${moneyView(draft.amountMinor, cur).amount} ${cur}`,
      allocated: moneyView(applied, cur),
      payment: moneyView(draft.amountMinor, cur),
    });
  }
  return ok({ effects, appliedMinor: applied, unappliedMinor: draft.amountMinor - applied });
}

/** The parts of a payment that make it the same payment when its bank reference comes again. */
export interface PaymentIdentity {
  clientId: string;
  currency: string;
  amountMinor: bigint;
  receivedOn: string;
  method: string;
  allocations: readonly { invoiceId: string; amountMinor: bigint }[];
}

/**
 * Whether a payment recorded again under a bank reference already used is the same payment (a
 * retry: replay it, no second effect) or another one (a conflict). Allocation order does not matter.
 */
export function samePayment(a: PaymentIdentity, b: PaymentIdentity): boolean {
  const key = (p: PaymentIdentity) =>
    [...p.allocations]
      .map((x) => `${x.invoiceId}=${x.amountMinor}`)
      .sort()
      .join(',');
  return (
    a.clientId === b.clientId &&
    a.currency === b.currency &&
    a.amountMinor === b.amountMinor &&
    a.receivedOn === b.receivedOn &&
    a.method === b.method &&
    key(a) === key(b)
  );
}
