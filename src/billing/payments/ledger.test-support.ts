/**
 * An in-memory receivables ledger built only on the pure payment rules, the way the use cases
 * apply them (plan, then write each invoice's new status). The property tests drive it with random
 * operations; the database tests check the real use cases against the same invariants.
 */
import type { InvoiceStatus } from '../invoices/lifecycle.ts';
import { transition } from '../invoices/lifecycle.ts';
import { openBalance, type InvoiceBalanceFacts } from './balance.ts';
import { planApplication } from './apply.ts';
import { planDispute, planResolution } from './dispute.ts';
import { planPayment, samePayment, type PaymentIdentity } from './record.ts';
import { planReversal } from './reverse.ts';
import { COLLECTION_STATUSES, collectionStatus } from './status.ts';

export interface LedgerInvoice {
  id: string;
  clientId: string;
  currency: string;
  totalMinor: bigint;
  creditedMinor: bigint;
  status: InvoiceStatus;
  delivered: boolean;
  disputeOpen: boolean;
}

interface LedgerPayment {
  id: string;
  identity: PaymentIdentity;
  reversed: boolean;
  /** Cash applied after recording, by invoice (one allocation per payment and invoice, as in the database). */
  applied: Map<string, bigint>;
}

export class Ledger {
  readonly invoices = new Map<string, LedgerInvoice>();
  /** By bank reference: the identity of a payment. */
  readonly payments = new Map<string, LedgerPayment>();

  constructor(invoices: readonly LedgerInvoice[]) {
    for (const i of invoices) this.invoices.set(i.id, { ...i });
  }

  paidOf(invoiceId: string): bigint {
    let paid = 0n;
    for (const p of this.payments.values()) {
      if (p.reversed) continue;
      for (const a of this.allocationsOf(p)) if (a.invoiceId === invoiceId) paid += a.amountMinor;
    }
    return paid;
  }

  /** A payment's allocations: as recorded plus what was applied since, one per invoice. */
  allocationsOf(p: LedgerPayment): { invoiceId: string; amountMinor: bigint }[] {
    const by = new Map<string, bigint>();
    for (const a of p.identity.allocations) by.set(a.invoiceId, (by.get(a.invoiceId) ?? 0n) + a.amountMinor);
    for (const [id, amount] of p.applied) by.set(id, (by.get(id) ?? 0n) + amount);
    return [...by].map(([invoiceId, amountMinor]) => ({ invoiceId, amountMinor }));
  }

  facts(invoiceId: string): InvoiceBalanceFacts {
    const i = this.invoices.get(invoiceId)!;
    return { ...i, kind: 'invoice', paidMinor: this.paidOf(invoiceId) };
  }

  balance(invoiceId: string): bigint {
    return openBalance(this.facts(invoiceId));
  }

  private allFacts(): Map<string, InvoiceBalanceFacts> {
    return new Map([...this.invoices.keys()].map((id) => [id, this.facts(id)]));
  }

  /** Records a payment under a bank reference: 'recorded', 'replayed', or the refusal code. */
  record(reference: string, identity: PaymentIdentity): string {
    const earlier = this.payments.get(reference);
    if (earlier) return samePayment(earlier.identity, identity) ? 'replayed' : 'PAYMENT_REFERENCE_CONFLICT';
    const plan = planPayment(identity, this.allFacts());
    if (!plan.ok) return plan.error.code;
    this.payments.set(reference, { id: reference, identity, reversed: false, applied: new Map() });
    for (const e of plan.value.effects) this.invoices.get(e.invoiceId)!.status = e.statusAfter;
    return 'recorded';
  }

  /** Applies unapplied cash of the payment under a bank reference: 'applied', or the refusal code. */
  apply(reference: string, allocations: readonly { invoiceId: string; amountMinor: bigint }[]): string {
    const p = this.payments.get(reference);
    if (!p) return 'PAYMENT_NOT_FOUND';
    const appliedMinor = this.allocationsOf(p).reduce((s, a) => s + a.amountMinor, 0n);
    const plan = planApplication(
      {
        id: p.id,
        clientId: p.identity.clientId,
        currency: p.identity.currency,
        amountMinor: p.identity.amountMinor,
        reversed: p.reversed,
        appliedMinor,
      },
      allocations,
      this.allFacts(),
    );
    if (!plan.ok) return plan.error.code;
    for (const a of allocations) p.applied.set(a.invoiceId, (p.applied.get(a.invoiceId) ?? 0n) + a.amountMinor);
    for (const e of plan.value.effects) this.invoices.get(e.invoiceId)!.status = e.statusAfter;
    return 'applied';
  }

  reverse(reference: string): string {
    const p = this.payments.get(reference);
    if (!p) return 'PAYMENT_NOT_FOUND';
    const plan = planReversal({ id: p.id, reversed: p.reversed, allocations: this.allocationsOf(p) }, this.allFacts());
    if (!plan.ok) return plan.error.code;
    p.reversed = true;
    for (const e of plan.value) this.invoices.get(e.invoiceId)!.status = e.statusAfter;
    return 'reversed';
  }

  /** A credit note of at most the open balance (beyond it the client would be owed a refund, which is not modelled). */
  credit(invoiceId: string, amountMinor: bigint): string {
    const i = this.invoices.get(invoiceId)!;
    if (!transition(i.status, 'credit', 'invoice').ok) return 'INVALID_TRANSITION';
    if (amountMinor <= 0n || amountMinor > this.balance(invoiceId)) return 'NOT_MODELLED';
    i.creditedMinor += amountMinor;
    // As createCreditNote does: a note covering what is left open settles the status.
    if ((COLLECTION_STATUSES as readonly string[]).includes(i.status))
      i.status = collectionStatus(this.facts(invoiceId));
    return 'credited';
  }

  writeOff(invoiceId: string): string {
    const i = this.invoices.get(invoiceId)!;
    const t = transition(i.status, 'write_off', 'invoice');
    if (!t.ok) return t.error.code;
    if (this.balance(invoiceId) <= 0n) return 'NOTHING_TO_WRITE_OFF';
    i.status = t.value;
    return 'written_off';
  }

  dispute(invoiceId: string, amountMinor: bigint | null): string {
    const plan = planDispute(this.facts(invoiceId), amountMinor);
    if (!plan.ok) return plan.error.code;
    const i = this.invoices.get(invoiceId)!;
    i.status = plan.value;
    i.disputeOpen = true;
    return 'disputed';
  }

  resolve(invoiceId: string): string {
    const plan = planResolution(this.facts(invoiceId));
    if (!plan.ok) return plan.error.code;
    const i = this.invoices.get(invoiceId)!;
    i.status = plan.value;
    i.disputeOpen = false;
    return 'resolved';
  }

  /** Everything observable, for comparing two ledgers. */
  snapshot() {
    return {
      invoices: [...this.invoices.values()].map((i) => ({
        ...i,
        paidMinor: this.paidOf(i.id),
        balance: this.balance(i.id),
      })),
      payments: [...this.payments.entries()].map(([ref, p]) => ({
        ref,
        reversed: p.reversed,
        identity: p.identity,
        applied: [...p.applied],
      })),
    };
  }
}
