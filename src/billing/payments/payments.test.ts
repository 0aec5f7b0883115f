import { describe, expect, it } from 'vitest';
import { planApplication, type ApplicablePayment } from './apply.ts';
import { openBalance, type InvoiceBalanceFacts } from './balance.ts';
import { planDispute, planResolution } from './dispute.ts';
import { planPayment, samePayment, type PaymentDraft } from './record.ts';
import { planReversal } from './reverse.ts';
import { collectionStatus } from './status.ts';

const inv = (over: Partial<InvoiceBalanceFacts> = {}): InvoiceBalanceFacts => ({
  id: 'i1',
  kind: 'invoice',
  status: 'delivered',
  clientId: 'c1',
  currency: 'USD',
  totalMinor: 100_000n,
  creditedMinor: 0n,
  paidMinor: 0n,
  delivered: true,
  disputeOpen: false,
  ...over,
});
const facts = (...xs: InvoiceBalanceFacts[]) => new Map(xs.map((x) => [x.id, x]));
const pay = (
  amountMinor: bigint,
  allocations: PaymentDraft['allocations'],
  over: Partial<PaymentDraft> = {},
): PaymentDraft => ({
  clientId: 'c1',
  currency: 'USD',
  amountMinor,
  allocations,
  ...over,
});

describe('openBalance', () => {
  it('is the total less credit notes and payments', () => {
    expect(openBalance(inv({ creditedMinor: 20_000n, paidMinor: 30_000n }))).toBe(50_000n);
  });

  it('is zero once the invoice is written off, whatever was paid', () => {
    expect(openBalance(inv({ status: 'written_off', paidMinor: 30_000n }))).toBe(0n);
  });
});

describe('collectionStatus', () => {
  it.each<[string, Partial<InvoiceBalanceFacts>, string]>([
    ['delivered when nothing is paid on a delivered invoice', {}, 'delivered'],
    ['posted when nothing is paid on an undelivered invoice', { delivered: false }, 'posted'],
    ['partially_paid when some is paid', { paidMinor: 1n }, 'partially_paid'],
    ['paid when payments leave nothing open', { paidMinor: 100_000n }, 'paid'],
    ['paid when payments and credit notes leave nothing open', { paidMinor: 60_000n, creditedMinor: 40_000n }, 'paid'],
    ['delivered when a credit note alone clears the balance', { creditedMinor: 100_000n }, 'delivered'],
    ['disputed while a dispute is open, even when paid', { paidMinor: 100_000n, disputeOpen: true }, 'disputed'],
  ])('is %s', (_name, over, expected) => {
    expect(collectionStatus(inv(over))).toBe(expected);
  });
});

describe('planPayment', () => {
  it('applies allocations and keeps the rest of the payment as unapplied cash', () => {
    const r = planPayment(
      pay(100_000n, [
        { invoiceId: 'i1', amountMinor: 60_000n },
        { invoiceId: 'i2', amountMinor: 30_000n },
      ]),
      facts(inv(), inv({ id: 'i2', totalMinor: 30_000n, status: 'partially_paid', paidMinor: 0n })),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        appliedMinor: 90_000n,
        unappliedMinor: 10_000n,
        effects: [
          {
            invoiceId: 'i1',
            amountMinor: 60_000n,
            balanceBeforeMinor: 100_000n,
            balanceAfterMinor: 40_000n,
            statusBefore: 'delivered',
            statusAfter: 'partially_paid',
          },
          {
            invoiceId: 'i2',
            amountMinor: 30_000n,
            balanceBeforeMinor: 30_000n,
            balanceAfterMinor: 0n,
            statusBefore: 'partially_paid',
            statusAfter: 'paid',
          },
        ],
      },
    });
  });

  it('accepts a payment with no allocations as unapplied cash on the client', () => {
    expect(planPayment(pay(5n, []), facts())).toEqual({
      ok: true,
      value: { effects: [], appliedMinor: 0n, unappliedMinor: 5n },
    });
  });

  it.each<[string, PaymentDraft, InvoiceBalanceFacts, string]>([
    ['a zero payment', pay(0n, []), inv(), 'PAYMENT_NOT_POSITIVE'],
    ['a zero allocation', pay(10n, [{ invoiceId: 'i1', amountMinor: 0n }]), inv(), 'ALLOCATION_NOT_POSITIVE'],
    ['a negative allocation', pay(10n, [{ invoiceId: 'i1', amountMinor: -5n }]), inv(), 'ALLOCATION_NOT_POSITIVE'],
    [
      'the same invoice twice',
      pay(10n, [
        { invoiceId: 'i1', amountMinor: 5n },
        { invoiceId: 'i1', amountMinor: 5n },
      ]),
      inv(),
      'DUPLICATE_ALLOCATION',
    ],
    [
      "another client's invoice",
      pay(10n, [{ invoiceId: 'i1', amountMinor: 5n }]),
      inv({ clientId: 'c2' }),
      'INVOICE_OF_ANOTHER_CLIENT',
    ],
    [
      'an invoice in another currency',
      pay(10n, [{ invoiceId: 'i1', amountMinor: 5n }], { currency: 'EUR' }),
      inv(),
      'CURRENCY_MISMATCH',
    ],
    ['more than the open balance', pay(200_000n, [{ invoiceId: 'i1', amountMinor: 100_001n }]), inv(), 'OVERPAYMENT'],
    [
      'anything on a paid invoice',
      pay(10n, [{ invoiceId: 'i1', amountMinor: 1n }]),
      inv({ status: 'paid', paidMinor: 100_000n }),
      'INVALID_TRANSITION',
    ],
    ['a draft', pay(10n, [{ invoiceId: 'i1', amountMinor: 1n }]), inv({ status: 'draft' }), 'INVALID_TRANSITION'],
    [
      'an approved invoice not yet posted',
      pay(10n, [{ invoiceId: 'i1', amountMinor: 1n }]),
      inv({ status: 'approved' }),
      'INVALID_TRANSITION',
    ],
    [
      'a written-off invoice',
      pay(10n, [{ invoiceId: 'i1', amountMinor: 1n }]),
      inv({ status: 'written_off' }),
      'INVALID_TRANSITION',
    ],
    ['a void invoice', pay(10n, [{ invoiceId: 'i1', amountMinor: 1n }]), inv({ status: 'void' }), 'INVALID_TRANSITION'],
    [
      'a credit note',
      pay(10n, [{ invoiceId: 'i1', amountMinor: 1n }]),
      inv({ kind: 'credit_note', status: 'posted' }),
      'INVALID_TRANSITION',
    ],
    [
      'allocations beyond the payment',
      pay(10n, [{ invoiceId: 'i1', amountMinor: 11n }]),
      inv(),
      'ALLOCATIONS_EXCEED_PAYMENT',
    ],
  ])('refuses %s', (_name, draft, invoice, code) => {
    expect(planPayment(draft, facts(invoice))).toMatchObject({ ok: false, error: { code } });
  });

  it('names the open balance when an allocation would overpay, counting credit notes and earlier payments', () => {
    const r = planPayment(
      pay(50_000n, [{ invoiceId: 'i1', amountMinor: 50_000n }]),
      facts(inv({ status: 'partially_paid', creditedMinor: 25_000n, paidMinor: 30_000n })),
    );
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'OVERPAYMENT',
        openBalance: { amount: '450.00', currency: 'USD' },
        allocated: { amount: '500.00', currency: 'USD' },
      },
    });
  });

  it('takes payments on a disputed invoice and leaves it disputed', () => {
    const r = planPayment(
      pay(100_000n, [{ invoiceId: 'i1', amountMinor: 100_000n }]),
      facts(inv({ status: 'disputed', disputeOpen: true })),
    );
    expect(r.ok && r.value.effects[0]!.statusAfter).toBe('disputed');
  });
});

describe('samePayment', () => {
  const base = {
    clientId: 'c1',
    currency: 'USD',
    amountMinor: 10n,
    receivedOn: '2026-11-20',
    method: 'bank_transfer',
    allocations: [
      { invoiceId: 'a', amountMinor: 4n },
      { invoiceId: 'b', amountMinor: 6n },
    ],
  };

  it('is true for the same payment with its allocations in another order', () => {
    expect(samePayment(base, { ...base, allocations: [...base.allocations].reverse() })).toBe(true);
  });

  it.each<[string, object]>([
    ['amount', { amountMinor: 11n }],
    ['client', { clientId: 'c2' }],
    ['date', { receivedOn: '2026-11-21' }],
    ['method', { method: 'card' }],
    ['allocations', { allocations: [{ invoiceId: 'a', amountMinor: 10n }] }],
  ])('is false when the %s differs', (_name, over) => {
    expect(samePayment(base, { ...base, ...over })).toBe(false);
  });
});

describe('planApplication', () => {
  const payment = (over: Partial<ApplicablePayment> = {}): ApplicablePayment => ({
    id: 'p1',
    clientId: 'c1',
    currency: 'USD',
    amountMinor: 50_000n,
    reversed: false,
    appliedMinor: 30_000n,
    ...over,
  });

  it('applies unapplied cash to an invoice of the payer, its status following the balance', () => {
    const r = planApplication(
      payment(),
      [{ invoiceId: 'i1', amountMinor: 20_000n }],
      facts(inv({ paidMinor: 80_000n, status: 'partially_paid' })),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        appliedMinor: 20_000n,
        unappliedMinor: 0n,
        effects: [
          {
            invoiceId: 'i1',
            amountMinor: 20_000n,
            balanceBeforeMinor: 20_000n,
            balanceAfterMinor: 0n,
            statusBefore: 'partially_paid',
            statusAfter: 'paid',
          },
        ],
      },
    });
  });

  it('refuses more than the payment has unapplied, even when the payment itself would cover it', () => {
    const r = planApplication(payment(), [{ invoiceId: 'i1', amountMinor: 20_001n }], facts(inv()));
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'EXCEEDS_UNAPPLIED', unapplied: { amount: '200.00' }, allocated: { amount: '200.01' } },
    });
  });

  it.each<
    [
      string,
      Partial<ApplicablePayment>,
      { invoiceId: string; amountMinor: bigint }[],
      Partial<InvoiceBalanceFacts>,
      string,
    ]
  >([
    ['a reversed payment', { reversed: true }, [{ invoiceId: 'i1', amountMinor: 1n }], {}, 'PAYMENT_ALREADY_REVERSED'],
    ['no allocations', {}, [], {}, 'NOTHING_TO_APPLY'],
    [
      'a fully applied payment',
      { appliedMinor: 50_000n },
      [{ invoiceId: 'i1', amountMinor: 1n }],
      {},
      'NO_UNAPPLIED_CASH',
    ],
    [
      'more than the invoice has open',
      {},
      [{ invoiceId: 'i1', amountMinor: 1_001n }],
      { paidMinor: 99_000n, status: 'partially_paid' },
      'OVERPAYMENT',
    ],
    [
      'an invoice of another client',
      {},
      [{ invoiceId: 'i1', amountMinor: 1n }],
      { clientId: 'c2' },
      'INVOICE_OF_ANOTHER_CLIENT',
    ],
    [
      'an invoice in another currency',
      {},
      [{ invoiceId: 'i1', amountMinor: 1n }],
      { currency: 'EUR' },
      'CURRENCY_MISMATCH',
    ],
    [
      'a paid invoice',
      {},
      [{ invoiceId: 'i1', amountMinor: 1n }],
      { status: 'paid', paidMinor: 100_000n },
      'INVALID_TRANSITION',
    ],
    ['a zero allocation', {}, [{ invoiceId: 'i1', amountMinor: 0n }], {}, 'ALLOCATION_NOT_POSITIVE'],
  ])('refuses %s', (_name, over, allocations, invoice, code) => {
    expect(planApplication(payment(over), allocations, facts(inv(invoice)))).toMatchObject({
      ok: false,
      error: { code },
    });
  });
});

describe('planReversal', () => {
  it('gives each invoice its allocation back and sets its status from the balance', () => {
    const r = planReversal(
      { id: 'p1', reversed: false, allocations: [{ invoiceId: 'i1', amountMinor: 100_000n }] },
      facts(inv({ status: 'paid', paidMinor: 100_000n })),
    );
    expect(r).toEqual({
      ok: true,
      value: [
        {
          invoiceId: 'i1',
          amountMinor: -100_000n,
          balanceBeforeMinor: 0n,
          balanceAfterMinor: 100_000n,
          statusBefore: 'paid',
          statusAfter: 'delivered',
        },
      ],
    });
  });

  it('leaves an invoice partially paid when other payments remain', () => {
    const r = planReversal(
      { id: 'p1', reversed: false, allocations: [{ invoiceId: 'i1', amountMinor: 40_000n }] },
      facts(inv({ status: 'paid', paidMinor: 100_000n })),
    );
    expect(r.ok && r.value[0]!.statusAfter).toBe('partially_paid');
  });

  it('refuses a payment already reversed', () => {
    expect(planReversal({ id: 'p1', reversed: true, allocations: [] }, facts())).toMatchObject({
      ok: false,
      error: { code: 'PAYMENT_ALREADY_REVERSED' },
    });
  });

  it('refuses when an invoice it paid was written off since', () => {
    const r = planReversal(
      { id: 'p1', reversed: false, allocations: [{ invoiceId: 'i1', amountMinor: 1n }] },
      facts(inv({ status: 'written_off', paidMinor: 1n })),
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION', invoiceId: 'i1' } });
  });
});

describe('planDispute', () => {
  it('disputes a delivered invoice with something owed, for the whole or a part', () => {
    expect(planDispute(inv(), null)).toEqual({ ok: true, value: 'disputed' });
    expect(planDispute(inv({ status: 'partially_paid', paidMinor: 60_000n }), 40_000n)).toEqual({
      ok: true,
      value: 'disputed',
    });
  });

  it.each<[string, Partial<InvoiceBalanceFacts>, bigint | null, string]>([
    ['a draft', { status: 'draft' }, null, 'INVALID_TRANSITION'],
    ['a paid invoice', { status: 'paid', paidMinor: 100_000n }, null, 'INVALID_TRANSITION'],
    ['an invoice already disputed', { status: 'disputed', disputeOpen: true }, null, 'INVALID_TRANSITION'],
    ['an invoice a credit note cleared', { creditedMinor: 100_000n }, null, 'NOTHING_TO_DISPUTE'],
    ['more than is open', { paidMinor: 60_000n, status: 'partially_paid' }, 40_001n, 'DISPUTED_AMOUNT_INVALID'],
    ['a zero amount', {}, 0n, 'DISPUTED_AMOUNT_INVALID'],
  ])('refuses %s', (_name, over, amount, code) => {
    expect(planDispute(inv(over), amount)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('planResolution', () => {
  it.each<[Partial<InvoiceBalanceFacts>, string]>([
    [{}, 'delivered'],
    [{ delivered: false }, 'posted'],
    [{ paidMinor: 10n }, 'partially_paid'],
    [{ paidMinor: 50_000n, creditedMinor: 50_000n }, 'paid'],
  ])('returns a disputed invoice with %o to %s', (over, status) => {
    expect(planResolution(inv({ status: 'disputed', disputeOpen: true, ...over }))).toEqual({
      ok: true,
      value: status,
    });
  });

  it('refuses an invoice that is not disputed', () => {
    expect(planResolution(inv())).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
  });
});
