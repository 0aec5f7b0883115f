import { describe, expect, it } from 'vitest';
import { findFxRate } from './fx.ts';
import { rateContract } from './rate-contract.ts';
import { lineByKey, makeFx, makeRate, makeRatingInput, makeTimeEntry } from './test-factory.ts';

describe('findFxRate', () => {
  it('uses the latest direct rate on or before the date', () => {
    const rates = [
      makeFx('EUR', 'USD', '1.07', '2026-02-27'),
      makeFx('EUR', 'USD', '1.085', '2026-03-27'),
      makeFx('EUR', 'USD', '1.10', '2026-04-02'),
    ];
    expect(findFxRate(rates, 'EUR', 'USD', '2026-03-31')?.applied).toEqual({
      from: 'EUR',
      to: 'USD',
      rate: '1.0850',
      rateDate: '2026-03-27',
    });
  });
  it('inverts the opposite quote when only that exists: 1 / 0.8 = 1.25', () => {
    expect(findFxRate([makeFx('USD', 'EUR', '0.8')], 'EUR', 'USD', '2026-03-31')?.rate.toString()).toBe('1.25');
  });
  it('prefers the direct quote over an inverse one of the same date', () => {
    expect(
      findFxRate(
        [makeFx('USD', 'EUR', '0.5'), makeFx('EUR', 'USD', '1.1')],
        'EUR',
        'USD',
        '2026-03-31',
      )?.rate.toString(),
    ).toBe('1.1');
  });
  it('returns rate 1 and nothing to record for the same currency', () => {
    expect(findFxRate([], 'USD', 'USD', '2026-03-31')).toMatchObject({ applied: null });
  });
  it('quotes a rate with at least four decimals, more when it has them', () => {
    expect(findFxRate([makeFx('EUR', 'USD', '1.092')], 'EUR', 'USD', '2026-03-31')?.applied?.rate).toBe('1.0920');
    expect(findFxRate([makeFx('USD', 'JPY', '151.123456')], 'USD', 'JPY', '2026-03-31')?.applied?.rate).toBe(
      '151.123456',
    );
  });
  it('returns null when no rate is dated on or before the date', () => {
    expect(findFxRate([makeFx('EUR', 'USD', '1.1', '2026-04-01')], 'EUR', 'USD', '2026-03-31')).toBeNull();
  });
});

describe('rateContract (currency conversion)', () => {
  it('converts the unit price first: 10 h × 150 EUR at 1.085 = 162.75 USD/h → 1,627.50 USD', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { currency: 'EUR', invoiceCurrency: 'USD', rateCard: [makeRate({ rate: '150.00' })] },
        exchangeRates: [makeFx('EUR', 'USD', '1.0850', '2026-03-27'), makeFx('EUR', 'USD', '1.1000', '2026-04-02')],
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
      }),
    );
    expect(lineByKey(draft, 'time:rc-cons')).toMatchObject({ unitPrice: '162.75', amountMinor: 162_750n });
    expect(draft.currency).toBe('USD');
    expect(draft.fx).toEqual({ from: 'EUR', to: 'USD', rate: '1.0850', rateDate: '2026-03-27' });
    expect(draft.fxRates).toEqual([
      { from: 'EUR', to: 'USD', rate: '1.0850', rateDate: '2026-03-27', usedFor: ['contract_currency'] },
    ]);
  });

  it('rounds the converted line once: 7 h × 99.99 EUR × 1.25 = 874.9125 → 874.91 USD (not 7 × 124.99 = 874.93)', () => {
    const out = rateContract(
      makeRatingInput({
        contract: { currency: 'EUR', invoiceCurrency: 'USD', rateCard: [makeRate({ rate: '99.99' })] },
        exchangeRates: [makeFx('USD', 'EUR', '0.8', '2026-03-01')],
        timeEntries: [makeTimeEntry({ id: 't1', hours: '7' })],
      }),
    );
    expect(lineByKey(out.draft, 'time:rc-cons')).toMatchObject({ unitPrice: '124.9875', amountMinor: 87_491n });
    expect(out.nteConsumedMinor).toBe(69_993n); // 699.93 EUR against the cap, in the work currency
  });
});
