import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../shared/dates.ts';
import type { RecurringFee } from '../model.ts';
import { rateContract } from './rate-contract.ts';
import { feePeriodBilledIn, rateRecurringFees } from './recurring-fees.ts';
import { lineByKey, makeRate, makeRatingInput, makeTaxRate, makeTimeEntry } from './test-factory.ts';

const fee = (o: Partial<RecurringFee> = {}): RecurringFee => ({
  description: 'Monthly advisory fee',
  amountMinor: 1_200_000n,
  frequency: 'month',
  startDate: '2026-03-01',
  lastPeriod: null,
  timing: 'advance',
  prorateFirstPeriod: true,
  ...o,
});
const jpy = { currency: 'JPY', invoiceCurrency: 'JPY', endDate: null };

describe('recurring fees', () => {
  it('blends 2.5 days at 180,000 JPY with a 1,200,000 JPY monthly fee: 1,650,000 + 10 % tax 165,000 = 1,815,000 JPY', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: {
          currency: 'JPY',
          invoiceCurrency: 'JPY',
          taxJurisdiction: 'JP',
          recurringFees: [fee()],
          rateCard: [makeRate({ id: 'rc-day', rate: '180000', unit: 'day' })],
        },
        timeEntries: [
          makeTimeEntry({ id: '1', hours: '8', workDate: '2026-03-02' }),
          makeTimeEntry({ id: '2', hours: '12', workDate: '2026-03-03' }),
        ],
        taxRates: [makeTaxRate('JP', 'standard', '10')],
      }),
    );
    expect(lineByKey(draft, 'recurring_fee[0]:2026-03')).toMatchObject({
      kind: 'recurring_fee',
      quantity: '1',
      unit: 'month',
      amountMinor: 1_200_000n,
      taxMinor: 120_000n,
    });
    expect(lineByKey(draft, 'time:rc-day')).toMatchObject({ quantity: '2.5', amountMinor: 450_000n });
    expect(draft).toMatchObject({
      subtotalMinor: 1_650_000n,
      taxMinor: 165_000n,
      totalMinor: 1_815_000n,
      currency: 'JPY',
    });
  });

  it('prorates a first month that starts on the 14th: 18 of 31 days of 1,200,000 JPY = 696,774 JPY (696,774.19 rounded once)', () => {
    const [g] = rateRecurringFees({ ...jpy, recurringFees: [fee({ startDate: '2026-03-14' })] }, '2026-03');
    expect(g).toMatchObject({
      servicePeriodStart: '2026-03-14',
      servicePeriodEnd: '2026-03-31',
      description: 'Monthly advisory fee for 2026-03 (in advance, 2026-03-14 to 2026-03-31: 18 of 31 days)',
    });
    const { draft } = rateContract(
      makeRatingInput({
        contract: { ...jpy, taxJurisdiction: 'JP', recurringFees: [fee({ startDate: '2026-03-14' })] },
        taxRates: [makeTaxRate('JP', 'standard', '10')],
      }),
    );
    expect(lineByKey(draft, 'recurring_fee[0]:2026-03').amountMinor).toBe(696_774n);
    expect(
      rateRecurringFees(
        { ...jpy, recurringFees: [fee({ startDate: '2026-03-14', prorateFirstPeriod: false })] },
        '2026-03',
      )[0]!.unitPrice.toString(),
    ).toBe('1200000');
  });

  it('bills a quarterly fee on the first month of each quarter in advance and on the last in arrears', () => {
    const q = (timing: 'advance' | 'arrears') => fee({ frequency: 'quarter', timing, startDate: '2026-01-01' });
    expect(
      ['2026-01', '2026-02', '2026-03', '2026-04'].map((p) => feePeriodBilledIn(q('advance'), p)?.first ?? null),
    ).toEqual(['2026-01', null, null, '2026-04']);
    expect(
      ['2026-01', '2026-02', '2026-03', '2026-06'].map((p) => feePeriodBilledIn(q('arrears'), p)?.first ?? null),
    ).toEqual([null, null, '2026-01', '2026-04']);
    expect(rateRecurringFees({ ...jpy, recurringFees: [q('arrears')] }, '2026-03')[0]).toMatchObject({
      servicePeriodStart: '2026-01-01',
      servicePeriodEnd: '2026-03-31',
      unit: 'quarter',
    });
  });

  it('bills nothing before the start, after the last period or after the contract ends', () => {
    const c = { ...jpy, recurringFees: [fee({ lastPeriod: '2026-05' })] };
    expect(rateRecurringFees(c, '2026-02')).toEqual([]);
    expect(rateRecurringFees(c, '2026-05')).toHaveLength(1);
    expect(rateRecurringFees(c, '2026-06')).toEqual([]);
    expect(rateRecurringFees({ ...c, endDate: '2026-03-31' }, '2026-04')).toEqual([]);
  });

  it('bills each fee period exactly once over any run of monthly periods (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RecurringFee['frequency']>('month', 'quarter', 'year'),
        fc.constantFrom<RecurringFee['timing']>('advance', 'arrears'),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 11 }),
        (frequency, timing, day, month) => {
          const start = `2026-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const f = fee({ frequency, timing, startDate: start });
          const billed = Array.from({ length: 48 }, (_, i) => addMonths('2026-01', i)).flatMap((p) =>
            rateRecurringFees({ ...jpy, recurringFees: [f] }, p),
          );
          const firsts = billed.map((g) => g.lineKey);
          expect(new Set(firsts).size).toBe(firsts.length);
          const span = { month: 1, quarter: 3, year: 12 }[frequency];
          for (const [a, b] of billed.slice(1).map((g, i) => [billed[i]!, g] as const)) {
            expect(a.servicePeriodEnd < b.servicePeriodStart).toBe(true);
            expect(addMonths(a.servicePeriodStart.slice(0, 7), span)).toBe(b.servicePeriodStart.slice(0, 7));
          }
          for (const g of billed.slice(1)) expect(g.unitPrice.toString()).toBe('1200000');
        },
      ),
    );
  });
});
