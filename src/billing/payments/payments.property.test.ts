import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ledger, type LedgerInvoice } from './ledger.test-support.ts';
import { COLLECTION_STATUSES, collectionStatus } from './status.ts';

const COLLECTION: readonly string[] = COLLECTION_STATUSES;
const IDS = ['i0', 'i1', 'i2', 'i3'];

/** Four posted invoices of client c1 (one of c2, one in EUR), some delivered. */
const invoicesArb: fc.Arbitrary<LedgerInvoice[]> = fc
  .tuple(
    // Small amounts, so allocations often land exactly on (or one unit past) an open balance.
    fc.array(fc.bigInt({ min: 1n, max: 2_000n }), { minLength: 4, maxLength: 4 }),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  )
  .map(([totals, delivered]) =>
    IDS.map((id, n) => ({
      id,
      clientId: n === 3 ? 'c2' : 'c1',
      currency: n === 2 ? 'EUR' : 'USD',
      totalMinor: totals[n]!,
      creditedMinor: 0n,
      status: delivered[n] ? 'delivered' : 'posted',
      delivered: delivered[n]!,
      disputeOpen: false,
    })),
  );

const allocationArb = fc.record({
  invoiceId: fc.constantFrom(...IDS),
  amountMinor: fc.oneof(fc.bigInt({ min: -2n, max: 2_100n }), fc.bigInt({ min: 1n, max: 60n })),
});
const paymentArb = fc.record({
  ref: fc.constantFrom<string>('R1', 'R2', 'R3', 'R4', 'R5', 'R6'),
  clientId: fc.constantFrom('c1', 'c1', 'c1', 'c2'),
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
  amountMinor: fc.bigInt({ min: 0n, max: 5_000n }),
  receivedOn: fc.constantFrom('2026-11-20', '2026-11-21'),
  method: fc.constantFrom('bank_transfer', 'check'),
  allocations: fc.array(allocationArb, { maxLength: 3 }),
});
type PaymentOp = typeof paymentArb extends fc.Arbitrary<infer T> ? T : never;

const opArb = fc.oneof(
  { weight: 5, arbitrary: paymentArb.map((p) => ({ kind: 'record' as const, p })) },
  // Cash on account: received before its invoices are known, all of it unapplied until applied later.
  // Often less than an invoice's total, so applying it meets the unapplied-cash limit before the open balance.
  {
    weight: 2,
    arbitrary: fc
      .record({ p: paymentArb, amountMinor: fc.bigInt({ min: 1n, max: 1_500n }) })
      .map(({ p, amountMinor }) => ({ kind: 'record' as const, p: { ...p, amountMinor, allocations: [] } })),
  },
  // Pays an invoice's open balance exactly, one unit short or one unit over: the boundary of the overpayment rule.
  {
    weight: 2,
    arbitrary: fc
      .record({ p: paymentArb, id: fc.constantFrom(...IDS), delta: fc.constantFrom(-1n, 0n, 1n) })
      .map((s) => ({ kind: 'settle' as const, ...s })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('R1', 'R2', 'R3', 'R4', 'R5', 'R6').map((ref) => ({ kind: 'reverse' as const, ref })),
  },
  // Applies a recorded payment's unapplied cash later; some exactly what is left on the payment or open on the invoice.
  // k picks a payment already recorded (one past the last: an unknown reference).
  {
    weight: 3,
    arbitrary: fc
      .record({
        k: fc.nat(),
        allocations: fc.array(allocationArb, { maxLength: 2 }),
        exact: fc.constantFrom<bigint | null>(null, null, 0n, 1n),
      })
      .map((a) => ({ kind: 'apply' as const, ...a })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ id: fc.constantFrom(...IDS), amountMinor: fc.bigInt({ min: 1n, max: 1_000n }) })
      .map((c) => ({ kind: 'credit' as const, ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        id: fc.constantFrom(...IDS),
        amountMinor: fc.option(fc.bigInt({ min: 0n, max: 1_000n }), { nil: null }),
      })
      .map((d) => ({ kind: 'dispute' as const, ...d })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => ({ kind: 'resolve' as const, id })) },
  { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => ({ kind: 'write_off' as const, id })) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const record = (ledger: Ledger, p: PaymentOp) => ledger.record(p.ref, p);
const settlement = (ledger: Ledger, s: { p: PaymentOp; id: string; delta: bigint }): PaymentOp => {
  const amountMinor = ledger.balance(s.id) + s.delta;
  return {
    ...s.p,
    amountMinor: amountMinor > s.p.amountMinor ? amountMinor : s.p.amountMinor,
    allocations: [{ invoiceId: s.id, amountMinor }],
  };
};

const refOf = (ledger: Ledger, k: number) => {
  const refs = [...ledger.payments.keys()];
  return refs[k % (refs.length + 1)] ?? 'UNKNOWN';
};
/**
 * The allocations an apply op sends; `exact` (a delta) makes a single one of min(unapplied cash, open
 * balance) plus the delta: exactly the limit, or one unit past it.
 */
const application = (
  ledger: Ledger,
  op: { k: number; allocations: { invoiceId: string; amountMinor: bigint }[]; exact: bigint | null },
) => {
  const p = ledger.payments.get(refOf(ledger, op.k));
  if (op.exact === null || !p || op.allocations.length === 0) return op.allocations;
  const id = op.allocations[0]!.invoiceId;
  const left = p.identity.amountMinor - ledger.allocationsOf(p).reduce((s, a) => s + a.amountMinor, 0n);
  const open = ledger.balance(id);
  return [{ invoiceId: id, amountMinor: (left < open ? left : open) + op.exact }];
};

function apply(ledger: Ledger, op: Op): string {
  switch (op.kind) {
    case 'record':
      return record(ledger, op.p);
    case 'settle':
      return record(ledger, settlement(ledger, op));
    case 'reverse':
      return ledger.reverse(op.ref);
    case 'apply':
      return ledger.apply(refOf(ledger, op.k), application(ledger, op));
    case 'credit':
      return ledger.credit(op.id, op.amountMinor);
    case 'dispute':
      return ledger.dispute(op.id, op.amountMinor);
    case 'resolve':
      return ledger.resolve(op.id);
    case 'write_off':
      return ledger.writeOff(op.id);
  }
}

describe('payment rules (properties)', () => {
  it('never let payments exceed an invoice total less its credit notes, nor allocations exceed their payment', () => {
    fc.assert(
      fc.property(invoicesArb, fc.array(opArb, { maxLength: 40, size: 'medium' }), (invoices, ops) => {
        const ledger = new Ledger(invoices);
        for (const op of ops) {
          apply(ledger, op);
          for (const i of ledger.invoices.values()) {
            expect(ledger.paidOf(i.id)).toBeGreaterThanOrEqual(0n);
            expect(ledger.paidOf(i.id) + i.creditedMinor).toBeLessThanOrEqual(i.totalMinor);
            expect(ledger.balance(i.id)).toBeGreaterThanOrEqual(0n);
          }
          for (const p of ledger.payments.values()) {
            expect(ledger.allocationsOf(p).reduce((s, a) => s + a.amountMinor, 0n)).toBeLessThanOrEqual(
              p.identity.amountMinor,
            );
            for (const a of ledger.allocationsOf(p)) expect(a.amountMinor).toBeGreaterThan(0n);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keep every posted invoice in the status its balance gives', () => {
    fc.assert(
      fc.property(invoicesArb, fc.array(opArb, { maxLength: 40, size: 'medium' }), (invoices, ops) => {
        const ledger = new Ledger(invoices);
        for (const op of ops) {
          apply(ledger, op);
          for (const id of IDS) {
            const f = ledger.facts(id);
            if (COLLECTION.includes(f.status)) expect(f.status).toBe(collectionStatus(f));
            else expect(f.status).toBe('written_off');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('restore the previous balances and statuses when a payment just recorded is reversed', () => {
    fc.assert(
      fc.property(invoicesArb, fc.array(opArb, { maxLength: 30, size: 'medium' }), paymentArb, (invoices, ops, p) => {
        const ledger = new Ledger(invoices);
        for (const op of ops) apply(ledger, op);
        const before = ledger.snapshot().invoices;
        const fresh = { ...p, ref: 'FRESH' };
        fc.pre(record(ledger, fresh) === 'recorded');
        expect(ledger.reverse('FRESH')).toBe('reversed');
        expect(ledger.snapshot().invoices).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('apply cash later often enough to test it: every outcome of an apply occurs', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(invoicesArb, fc.array(opArb, { maxLength: 40, size: 'medium' }), (invoices, ops) => {
        const ledger = new Ledger(invoices);
        for (const op of ops) {
          const outcome = apply(ledger, op);
          if (op.kind === 'apply') seen.add(outcome);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'applied',
        'EXCEEDS_UNAPPLIED',
        'NO_UNAPPLIED_CASH',
        'OVERPAYMENT',
        'PAYMENT_ALREADY_REVERSED',
        'PAYMENT_NOT_FOUND',
      ]),
    );
  });

  it('replay a payment recorded earlier, whatever cash was applied or payments reversed since, with no effect', () => {
    fc.assert(
      fc.property(invoicesArb, fc.array(opArb, { maxLength: 40, size: 'medium' }), (invoices, ops) => {
        const ledger = new Ledger(invoices);
        const recorded: PaymentOp[] = [];
        for (const op of ops) {
          const request = op.kind === 'record' ? op.p : op.kind === 'settle' ? settlement(ledger, op) : null;
          if (request) {
            if (record(ledger, request) === 'recorded') recorded.push(request);
          } else apply(ledger, op);
        }
        const before = ledger.snapshot();
        for (const request of recorded) expect(record(ledger, request)).toBe('replayed');
        expect(ledger.snapshot()).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('give a payment recorded twice under its bank reference one effect', () => {
    fc.assert(
      fc.property(invoicesArb, fc.array(opArb, { maxLength: 30, size: 'medium' }), (invoices, ops) => {
        const once = new Ledger(invoices);
        const twice = new Ledger(invoices);
        for (const op of ops) {
          if (op.kind !== 'record' && op.kind !== 'settle') {
            expect(apply(twice, op)).toBe(apply(once, op));
            continue;
          }
          // The exact request (a settlement is fixed when first sent), then the same request again as a retry.
          const request = op.kind === 'record' ? op.p : settlement(once, op);
          const first = record(once, request);
          expect(record(twice, request)).toBe(first);
          expect(record(twice, request)).toBe(first === 'recorded' ? 'replayed' : first);
        }
        expect(twice.snapshot()).toEqual(once.snapshot());
      }),
      { numRuns: 300 },
    );
  });
});
