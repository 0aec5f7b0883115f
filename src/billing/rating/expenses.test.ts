import { describe, expect, it } from 'vitest';
import { rateContract } from './rate-contract.ts';
import { expenseCap } from './expenses.ts';
import {
  exceptionOf,
  lineByKey,
  makeExpense,
  makeFx,
  makeRate,
  makeRatingInput,
  makeTimeEntry,
} from './test-factory.ts';
import { Dec } from '../../shared/decimal.ts';

const expenses = [
  makeExpense({ id: 'e1', amount: '200.00', incurredOn: '2026-03-02' }), // 220.00 with 10 % markup
  makeExpense({ id: 'e2', amount: '150.00', incurredOn: '2026-03-09' }), // 165.00
  makeExpense({ id: 'e3', amount: '100.00', incurredOn: '2026-03-20' }), // 110.00
];
const terms = { billable: true, markupPercent: '10', capMinor: null, capPercentOfFees: null };

describe('expenseCap', () => {
  it('takes the lower of 500.00 and 10 % of 4,000.00 fees = 400.00', () => {
    expect(
      expenseCap({
        terms: { ...terms, capMinor: 50_000n, capPercentOfFees: '10' },
        workCurrency: 'USD',
        currency: 'USD',
        periodFx: new Dec(1),
        feesMinor: 400_000n,
      }),
    ).toBe(40_000n);
  });
  it('returns null when neither cap is set', () => {
    expect(expenseCap({ terms, workCurrency: 'USD', currency: 'USD', periodFx: new Dec(1), feesMinor: 1n })).toBeNull();
  });
});

describe('rateContract (expenses)', () => {
  it('bills each approved expense with a 10 % markup: 220.00 + 165.00 + 110.00 = 495.00', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { expenses: terms },
        expenses: [
          ...expenses,
          makeExpense({ id: 'e4', approval: 'submitted' }),
          makeExpense({ id: 'e5', billable: false }),
        ],
      }),
    );
    expect(draft.lines.map((l) => [l.lineKey, l.amountMinor])).toEqual([
      ['expense:e1', 22_000n],
      ['expense:e2', 16_500n],
      ['expense:e3', 11_000n],
    ]);
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({
      kind: 'expense',
      taxMinor: 4_400n,
      sources: { expenseIds: ['e1'], contractTerm: 'expenses' },
    });
    expect(draft.subtotalMinor).toBe(49_500n);
  });

  it('bills up to an absolute 400.00 cap in date order and holds the 95.00 beyond it', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: { expenses: { ...terms, capMinor: 40_000n } }, expenses }),
    );
    // 220.00 + 165.00 = 385.00 fit; e3 splits into 15.00 billed and 95.00 held.
    expect(lineByKey(draft, 'expense:e3')).toMatchObject({ amountMinor: 1_500n, held: false });
    expect(lineByKey(draft, 'expense:e3:over_cap')).toMatchObject({
      amountMinor: 9_500n,
      held: true,
      sources: { expenseIds: ['e3'] },
    });
    expect(draft).toMatchObject({ subtotalMinor: 40_000n, heldMinor: 9_500n });
    expect(exceptionOf(draft, 'cap_exceeded')).toMatchObject({
      lineKey: 'expense:e3:over_cap',
      details: { cap: 'expenses', capMinor: '40000' },
    });
  });

  it('caps expenses at 10 % of 2,000.00 fees = 200.00 when that is lower than the absolute cap', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: {
          expenses: { ...terms, capMinor: 50_000n, capPercentOfFees: '10' },
          rateCard: [makeRate({ rate: '200.00' })],
        },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
        expenses,
      }),
    );
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({ amountMinor: 20_000n, held: false });
    expect(draft.lines.filter((l) => l.held).map((l) => [l.lineKey, l.amountMinor])).toEqual([
      ['expense:e1:over_cap', 2_000n],
      ['expense:e2:over_cap', 16_500n],
      ['expense:e3:over_cap', 11_000n],
    ]);
    expect(draft.subtotalMinor).toBe(220_000n);
    expect(draft.exceptions.filter((e) => e.type === 'cap_exceeded')).toHaveLength(3);
  });

  it('converts a foreign-currency expense at the latest rate on or before its date: 100.00 EUR × 1.085 = 108.50 USD', () => {
    const { draft } = rateContract(
      makeRatingInput({
        expenses: [makeExpense({ id: 'e1', amount: '100.00', currency: 'EUR', incurredOn: '2026-03-05' })],
        exchangeRates: [makeFx('EUR', 'USD', '1.0850', '2026-03-01'), makeFx('EUR', 'USD', '1.2000', '2026-03-10')],
      }),
    );
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({ amountMinor: 10_850n, unitPrice: '108.5' });
    expect(draft.fx).toBeNull();
  });

  it('holds a zero line and raises missing_fx_rate when an expense currency has no rate', () => {
    const { draft } = rateContract(makeRatingInput({ expenses: [makeExpense({ id: 'e1', currency: 'GBP' })] }));
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({ amountMinor: 0n, held: true });
    expect(exceptionOf(draft, 'missing_fx_rate')).toMatchObject({
      lineKey: 'expense:e1',
      dedupeKey: 'missing_fx_rate:c-1:2026-03:expense:e1',
    });
  });

  it('bills no expenses when the contract says expenses are not billable', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: { expenses: { ...terms, billable: false } }, expenses }),
    );
    expect(draft.lines).toEqual([]);
  });

  it('raises unapproved_expense (warning, project manager) for submitted expenses of the period and bills none of them', () => {
    const { draft } = rateContract(
      makeRatingInput({
        expenses: [
          makeExpense({ id: '9', amount: '2000.00', currency: 'EUR', approval: 'submitted', incurredOn: '2026-03-14' }),
          makeExpense({ id: '10', amount: '120.50', approval: 'submitted', incurredOn: '2026-03-20' }),
          makeExpense({ id: '11', amount: '50.00', approval: 'submitted', incurredOn: '2026-02-27' }), // an earlier month's: that run raised it
          makeExpense({ id: '12', amount: '75.00', approval: 'submitted', billable: false }),
          makeExpense({ id: '13', amount: '30.00', approval: 'rejected' }),
        ],
      }),
    );
    expect(draft.lines).toEqual([]);
    expect(exceptionOf(draft, 'unapproved_expense')).toMatchObject({
      severity: 'warning',
      ownerRole: 'project_manager',
      slaHours: 72,
      lineKey: null,
      dedupeKey: 'unapproved_expense:c-1:2026-03',
      message: '2 expenses (EUR 2000.00, USD 120.50) are submitted but not approved; they are not billed',
      details: { expenseIds: ['9', '10'] },
    });
    expect(draft.held).toBe(false);
  });

  it('raises no unapproved_expense when every expense of the period is approved, or the contract bills no expenses', () => {
    const submitted = [makeExpense({ id: 'e9', approval: 'submitted' })];
    expect(rateContract(makeRatingInput({ expenses })).draft.exceptions.map((e) => e.type)).not.toContain(
      'unapproved_expense',
    );
    expect(
      rateContract(makeRatingInput({ contract: { expenses: { ...terms, billable: false } }, expenses: submitted }))
        .draft.exceptions,
    ).toEqual([]);
  });

  it('records the rate a foreign expense was converted at on the draft: 2,000.00 EUR at 1.0920 on its date = 2,184.00 USD', () => {
    const { draft } = rateContract(
      makeRatingInput({
        expenses: [
          makeExpense({ id: 'e1', amount: '2000.00', currency: 'EUR', incurredOn: '2026-03-14' }),
          makeExpense({ id: 'e2', amount: '10.00', currency: 'EUR', incurredOn: '2026-03-14' }),
          makeExpense({ id: 'e3', amount: '10.00', currency: 'EUR', incurredOn: '2026-03-20' }),
        ],
        exchangeRates: [makeFx('EUR', 'USD', '1.092', '2026-03-14'), makeFx('EUR', 'USD', '1.1', '2026-03-19')],
      }),
    );
    expect(lineByKey(draft, 'expense:e1')).toMatchObject({
      amountMinor: 218_400n,
      description: 'Travel: Taxi (EUR 2000.00 at 1.0920 on 2026-03-14)',
    });
    expect(draft.fx).toBeNull();
    expect(draft.fxRates).toEqual([
      { from: 'EUR', to: 'USD', rate: '1.0920', rateDate: '2026-03-14', usedFor: ['expense:e1', 'expense:e2'] },
      { from: 'EUR', to: 'USD', rate: '1.1000', rateDate: '2026-03-19', usedFor: ['expense:e3'] },
    ]);
  });
});
