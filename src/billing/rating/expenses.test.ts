import { describe, expect, it } from 'vitest';
import { rateContract } from './rate-contract.ts';
import { expenseCap } from './expenses.ts';
import { exceptionOf, lineByKey, makeExpense, makeFx, makeRate, makeRatingInput, makeTimeEntry } from './test-factory.ts';
import { Dec } from '../../shared/decimal.ts';

const expenses = [
  makeExpense({ id: 'e1', amount: '200.00', incurredOn: '2026-03-02' }), // 220.00 with 10 % markup
  makeExpense({ id: 'e2', amount: '150.00', incurredOn: '2026-03-09' }), // 165.00
  makeExpense({ id: 'e3', amount: '100.00', incurredOn: '2026-03-20' }), // 110.00
];
const terms = { billable: true, markupPercent: '10', capMinor: null, capPercentOfFees: null };

describe('expenseCap', () => {
  it('takes the lower of 500.00 and 10 % of 4,000.00 fees = 400.00', () => {
    expect(expenseCap({ terms: { ...terms, capMinor: 50_000n, capPercentOfFees: '10' }, workCurrency: 'USD', currency: 'USD', periodFx: new Dec(1), feesMinor: 400_000n })).toBe(40_000n);
  });
  it('returns null when neither cap is set', () => {
    expect(expenseCap({ terms, workCurrency: 'USD', currency: 'USD', periodFx: new Dec(1), feesMinor: 1n })).toBeNull();
  });
});

describe('rateContract (expenses)', () => {
  it('bills each approved expense with a 10 % markup: 220.00 + 165.00 + 110.00 = 495.00', () => {
    const { draft } = rateContract(makeRatingInput({
      contract: { expenses: terms },
      expenses: [...expenses, makeExpense({ id: 'e4', approval: 'submitted' }), makeExpense({ id: 'e5', billable: false })],
    }));
    expect(draft.lines.map((l) => [l.lineKey, l.amountMinor])).toEqual([['expense:e1', 22_000n], ['expense:e2', 16_500n], ['expense:e3', 11_000n]]);
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({ kind: 'expense', taxMinor: 4_400n, sources: { expenseIds: ['e1'], contractTerm: 'expenses' } });
    expect(draft.subtotalMinor).toBe(49_500n);
  });

  it('bills up to an absolute 400.00 cap in date order and holds the 95.00 beyond it', () => {
    const { draft } = rateContract(makeRatingInput({ contract: { expenses: { ...terms, capMinor: 40_000n } }, expenses }));
    // 220.00 + 165.00 = 385.00 fit; e3 splits into 15.00 billed and 95.00 held.
    expect(lineByKey(draft, 'expense:e3')).toMatchObject({ amountMinor: 1_500n, held: false });
    expect(lineByKey(draft, 'expense:e3:over_cap')).toMatchObject({ amountMinor: 9_500n, held: true, sources: { expenseIds: ['e3'] } });
    expect(draft).toMatchObject({ subtotalMinor: 40_000n, heldMinor: 9_500n });
    expect(exceptionOf(draft, 'cap_exceeded')).toMatchObject({ lineKey: 'expense:e3:over_cap', details: { cap: 'expenses', capMinor: '40000' } });
  });

  it('caps expenses at 10 % of 2,000.00 fees = 200.00 when that is lower than the absolute cap', () => {
    const { draft } = rateContract(makeRatingInput({
      contract: { expenses: { ...terms, capMinor: 50_000n, capPercentOfFees: '10' }, rateCard: [makeRate({ rate: '200.00' })] },
      timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
      expenses,
    }));
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({ amountMinor: 20_000n, held: false });
    expect(draft.lines.filter((l) => l.held).map((l) => [l.lineKey, l.amountMinor])).toEqual([
      ['expense:e1:over_cap', 2_000n], ['expense:e2:over_cap', 16_500n], ['expense:e3:over_cap', 11_000n],
    ]);
    expect(draft.subtotalMinor).toBe(220_000n);
    expect(draft.exceptions.filter((e) => e.type === 'cap_exceeded')).toHaveLength(3);
  });

  it('converts a foreign-currency expense at the latest rate on or before its date: 100.00 EUR × 1.085 = 108.50 USD', () => {
    const { draft } = rateContract(makeRatingInput({
      expenses: [makeExpense({ id: 'e1', amount: '100.00', currency: 'EUR', incurredOn: '2026-03-05' })],
      exchangeRates: [makeFx('EUR', 'USD', '1.0850', '2026-03-01'), makeFx('EUR', 'USD', '1.2000', '2026-03-10')],
    }));
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({ amountMinor: 10_850n, unitPrice: '108.5' });
    expect(draft.fx).toBeNull();
  });

  it('holds a zero line and raises missing_fx_rate when an expense currency has no rate', () => {
    const { draft } = rateContract(makeRatingInput({ expenses: [makeExpense({ id: 'e1', currency: 'GBP' })] }));
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({ amountMinor: 0n, held: true });
    expect(exceptionOf(draft, 'missing_fx_rate')).toMatchObject({ lineKey: 'expense:e1', dedupeKey: 'missing_fx_rate:c-1:2026-03:expense:e1' });
  });

  it('bills no expenses when the contract says expenses are not billable', () => {
    const { draft } = rateContract(makeRatingInput({ contract: { expenses: { ...terms, billable: false } }, expenses }));
    expect(draft.lines).toEqual([]);
  });
});
