import { err, ok, type Result } from '../../shared/result.ts';
import { moneyView, type MoneyView } from '../../shared/money.ts';
import type { InvoiceBalanceFacts } from './balance.ts';
import { planPayment, type PaymentPlan, type PaymentRefusal } from './record.ts';

/** A recorded payment as applying its cash needs it. */
export interface ApplicablePayment {
  id: string;
  clientId: string;
  currency: string;
  amountMinor: bigint;
  reversed: boolean;
  /** What its allocations already apply. */
  appliedMinor: bigint;
}

export type ApplicationRefusal =
  | { code: 'PAYMENT_ALREADY_REVERSED'; message: string; paymentId: string }
  | { code: 'NOTHING_TO_APPLY'; message: string }
  | { code: 'NO_UNAPPLIED_CASH'; message: string; paymentId: string }
  | { code: 'EXCEEDS_UNAPPLIED'; message: string; unapplied: MoneyView; allocated: MoneyView }
  | Exclude<PaymentRefusal, { code: 'PAYMENT_NOT_POSITIVE' | 'ALLOCATIONS_EXCEED_PAYMENT' }>;

/**
 * Plans applying what a recorded payment left unapplied (cash received ahead of an invoice, or an
 * overpayment) to invoices of the same client. The rules are the recording's (billing/payments/
 * record.ts): each allocation positive, in the payment's currency, to an invoice of the payer that
 * takes payments, at most its open balance; here their sum is at most the unapplied cash, so a
 * payment's allocations never exceed it. A reversed payment has nothing to apply.
 * @example planApplication({ id: 'p', clientId: 'c', currency: 'USD', amountMinor: 100000n, reversed: false, appliedMinor: 80000n },
 *   [{ invoiceId: 'i', amountMinor: 20000n }], facts) // ok: 20000n applied, 0n left unapplied
 */
export function planApplication(
  payment: ApplicablePayment,
  allocations: readonly { invoiceId: string; amountMinor: bigint }[],
  invoices: ReadonlyMap<string, InvoiceBalanceFacts>,
): Result<PaymentPlan, ApplicationRefusal> {
  if (payment.reversed)
    return err({
      code: 'PAYMENT_ALREADY_REVERSED',
      message: `payment ${payment.id} is reversed; it has no cash to apply`,
      paymentId: payment.id,
    });
  if (allocations.length === 0)
    return err({ code: 'NOTHING_TO_APPLY', message: 'name at least one invoice and the amount to apply to it' });
  const unapplied = payment.amountMinor - payment.appliedMinor;
  if (unapplied <= 0n)
    return err({ code: 'NO_UNAPPLIED_CASH', message: `payment ${payment.id} is fully applied`, paymentId: payment.id });
  const plan = planPayment(
    { clientId: payment.clientId, currency: payment.currency, amountMinor: unapplied, allocations },
    invoices,
  );
  if (plan.ok) return plan;
  const e = plan.error;
  if (e.code === 'ALLOCATIONS_EXCEED_PAYMENT') {
    const cur = payment.currency;
    return err({
      code: 'EXCEEDS_UNAPPLIED',
      message: `allocations of ${e.allocated.amount} ${cur} exceed the ${moneyView(unapplied, cur).amount} ${cur} the payment has unapplied`,
      unapplied: moneyView(unapplied, cur),
      allocated: e.allocated,
    });
  }
  // Unreachable: the amount planned is the unapplied cash, which is positive here.
  if (e.code === 'PAYMENT_NOT_POSITIVE')
    throw new Error('planApplication: unapplied cash not positive after the check');
  return err(e);
}
