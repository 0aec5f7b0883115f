import { describe, expect, it } from 'vitest';
import { rateContract } from './rate-contract.ts';
import { lineByKey, makeExpense, makeRatingInput, makeTimeEntry } from './test-factory.ts';

const time = ['8', '8', '7.5', '7.75', '6'].map((h, i) => makeTimeEntry({ id: `t${i}`, hours: h })); // 37.25 h × 185 = 6891.25

describe('rateContract (discounts)', () => {
  it('adds a -344.56 line taxed at 20 % (-68.91) for 5 % off 6891.25 of fees', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { discounts: [{ description: 'Loyalty discount', kind: 'percent', value: '5', appliesTo: 'fees' }] },
        timeEntries: time,
      }),
    );
    // 6891.25 × 5 % = 344.5625 → 344.56; tax -344.56 × 20 % = -68.912 → -68.91
    expect(lineByKey(draft, 'discount[0]')).toMatchObject({
      kind: 'discount',
      amountMinor: -34_456n,
      preciseAmount: '-344.5625',
      taxMinor: -6_891n,
      taxRatePercent: '20',
      sources: { contractTerm: 'discount[0]' },
    });
    expect(draft).toMatchObject({ subtotalMinor: 654_669n, taxMinor: 130_934n, totalMinor: 785_603n });
  });

  it('discounts fees only, not expenses, when it applies to fees', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { discounts: [{ description: '10 % off fees', kind: 'percent', value: '10', appliesTo: 'fees' }] },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })], // 1850.00
        expenses: [makeExpense({ id: 'e1', amount: '500.00' })],
      }),
    );
    expect(lineByKey(draft, 'discount[0]').amountMinor).toBe(-18_500n);
  });

  it('takes a fixed 250.00 off fees and expenses when it applies to all', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { discounts: [{ description: 'Goodwill', kind: 'amount', value: '25000', appliesTo: 'all' }] },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '1' })], // 185.00
        expenses: [makeExpense({ id: 'e1', amount: '100.00' })],
      }),
    );
    expect(lineByKey(draft, 'discount[0]')).toMatchObject({ amountMinor: -25_000n, taxMinor: -5_000n });
    expect(draft.subtotalMinor).toBe(3_500n); // 185.00 + 100.00 - 250.00
  });

  it('never discounts more than its base', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { discounts: [{ description: 'Big', kind: 'amount', value: '1000000', appliesTo: 'fees' }] },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '1' })],
      }),
    );
    expect(lineByKey(draft, 'discount[0]').amountMinor).toBe(-18_500n);
    expect(draft.totalMinor).toBe(0n);
  });

  it('computes two discounts on the same gross base rather than compounding them', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: {
          discounts: [
            { description: 'A', kind: 'percent', value: '10', appliesTo: 'fees' },
            { description: 'B', kind: 'percent', value: '10', appliesTo: 'fees' },
          ],
        },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })], // 1850.00
      }),
    );
    expect([lineByKey(draft, 'discount[0]').amountMinor, lineByKey(draft, 'discount[1]').amountMinor]).toEqual([
      -18_500n,
      -18_500n,
    ]);
  });
});
