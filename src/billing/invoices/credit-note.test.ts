import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planCreditNote, type CreditableLine } from './credit-note.ts';

const line = (id: string, amountMinor: bigint, taxMinor: bigint, held = false): CreditableLine => ({
  id,
  lineKey: `k${id}`,
  amountMinor,
  taxMinor,
  quantity: '2.5',
  preciseAmount: `${amountMinor}.000001`,
  held,
});

describe('planCreditNote', () => {
  it('negates every billed line when no lines are named', () => {
    const r = planCreditNote([line('1', 10000n, 2100n), line('2', 5000n, 1050n)], null, new Set());
    expect(r.ok && r.value.totals).toEqual({
      subtotalMinor: -15000n,
      taxMinor: -3150n,
      totalMinor: -18150n,
      heldMinor: 0n,
    });
    expect(r.ok && r.value.lines[0]).toEqual({
      sourceId: '1',
      lineKey: 'credit:1',
      amountMinor: -10000n,
      taxMinor: -2100n,
      quantity: '-2.5',
      preciseAmount: '-10000.000001',
    });
  });

  it('credits only the named lines', () => {
    const r = planCreditNote([line('1', 10000n, 0n), line('2', 5000n, 0n)], ['2'], new Set());
    expect(r.ok && r.value.lines.map((l) => l.sourceId)).toEqual(['2']);
  });

  it('leaves out held lines, which were never billed', () => {
    const r = planCreditNote([line('1', 10000n, 0n), line('2', 5000n, 0n, true)], null, new Set());
    expect(r.ok && r.value.totals.totalMinor).toBe(-10000n);
  });

  it('refuses a line already credited', () => {
    expect(planCreditNote([line('1', 10000n, 0n)], ['1'], new Set(['1']))).toMatchObject({
      ok: false,
      error: { code: 'LINE_ALREADY_CREDITED', lineIds: ['1'] },
    });
  });

  it('refuses a line that is not a billed line of the invoice', () => {
    expect(planCreditNote([line('1', 10000n, 0n, true)], ['1', '9'], new Set())).toMatchObject({
      ok: false,
      error: { code: 'LINE_NOT_ON_INVOICE', lineIds: ['1', '9'] },
    });
  });

  it('refuses when everything is credited already', () => {
    expect(planCreditNote([line('1', 10000n, 0n)], null, new Set(['1']))).toMatchObject({
      ok: false,
      error: { code: 'NOTHING_TO_CREDIT' },
    });
  });

  it('sums its lines exactly to its total, the negative of what it credits', () => {
    const arb = fc.array(
      fc.record({ amount: fc.bigInt(-(10n ** 12n), 10n ** 12n), tax: fc.bigInt(0n, 10n ** 11n), held: fc.boolean() }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (ls) => {
        const lines = ls.map((l, i) => line(String(i + 1), l.amount, l.tax, l.held));
        const r = planCreditNote(lines, null, new Set());
        const billed = lines.filter((l) => !l.held);
        if (billed.length === 0) return !r.ok;
        if (!r.ok) return false;
        const credited = billed.reduce((a, l) => a + l.amountMinor + l.taxMinor, 0n);
        return (
          r.value.totals.totalMinor === -credited &&
          r.value.lines.reduce((a, l) => a + l.amountMinor + l.taxMinor, 0n) === r.value.totals.totalMinor
        );
      }),
    );
  });
});
