import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchReceipt, suggestApplications, type OpenItem } from './cash-application.ts';

/** Open invoices of two clients in two currencies, small amounts so sums often meet the receipt exactly. */
const itemsArb: fc.Arbitrary<OpenItem[]> = fc
  .array(
    fc.record({
      clientId: fc.constantFrom('c1', 'c1', 'c2'),
      currency: fc.constantFrom('USD', 'USD', 'EUR'),
      openMinor: fc.bigInt({ min: 1n, max: 900n }),
      day: fc.integer({ min: 1, max: 28 }),
    }),
    { maxLength: 12 },
  )
  .map((rows) =>
    rows.map((r, n) => ({
      invoiceId: `i${n}`,
      number: `A-${String(n + 1).padStart(6, '0')}`,
      clientId: r.clientId,
      clientCode: r.clientId.toUpperCase(),
      currency: r.currency,
      openMinor: r.openMinor,
      dueDate: `2026-10-${String(r.day).padStart(2, '0')}`,
    })),
  );

const receiptArb = fc.record({
  amountMinor: fc.bigInt({ min: 1n, max: 3_000n }),
  currency: fc.constant('USD'),
  clientId: fc.constant<string | null>('c1'),
  // Names a few invoice numbers (some not open, some another client's) or says nothing useful.
  remittance: fc.oneof(
    fc.constant(null),
    fc.constant('thanks'),
    fc
      .array(fc.integer({ min: 1, max: 14 }), { maxLength: 3 })
      .map((ns) => ns.map((n) => `A-${String(n).padStart(6, '0')}`).join(', ')),
  ),
});

describe('cash-application suggestions (property)', () => {
  it('never suggest more than the receipt, nor more than an invoice owes, nor another client or currency', () => {
    fc.assert(
      fc.property(itemsArb, receiptArb, (items, receipt) => {
        const byId = new Map(items.map((i) => [i.invoiceId, i]));
        const plans = [
          matchReceipt(receipt, items).allocations,
          matchReceipt(receipt, items, { wider: true }).allocations,
          ...suggestApplications(receipt, items).map((s) => s.allocations),
        ];
        for (const allocs of plans) {
          const total = allocs.reduce((s, a) => s + a.amountMinor, 0n);
          expect(total <= receipt.amountMinor).toBe(true);
          expect(new Set(allocs.map((a) => a.invoiceId)).size).toBe(allocs.length);
          for (const a of allocs) {
            const i = byId.get(a.invoiceId)!;
            expect(a.amountMinor > 0n && a.amountMinor <= i.openMinor).toBe(true);
            expect([i.clientId, i.currency]).toEqual(['c1', 'USD']);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
