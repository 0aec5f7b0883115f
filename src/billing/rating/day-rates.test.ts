import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal.ts';
import { rateContract } from './rate-contract.ts';
import { toUnitPieces } from './rate-units.ts';
import { lineByKey, makeRate, makeRatingInput, makeTaxRate, makeTimeEntry } from './test-factory.ts';

const JP_TAX = [makeTaxRate('JP', 'standard', '10')];
const dayContract = (longDays: 'pro_rata' | 'cap', unit: 'day' | 'half_day' | 'month' = 'day') => ({
  currency: 'JPY',
  invoiceCurrency: 'JPY',
  taxJurisdiction: 'JP',
  hoursPerDay: '8',
  longDays,
  rateCard: [makeRate({ id: 'rc-day', rate: '180000', unit })],
});
const days = [
  makeTimeEntry({ id: '1', workDate: '2026-03-02', hours: '8' }),
  makeTimeEntry({ id: '2', workDate: '2026-03-03', hours: '10' }),
  makeTimeEntry({ id: '3', workDate: '2026-03-04', hours: '2' }),
];

describe('day rates', () => {
  it('bills 8 h + 10 h + 2 h as 2.5 days at 180,000 JPY = 450,000 JPY when long days are pro rata', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: dayContract('pro_rata'), timeEntries: days, taxRates: JP_TAX }),
    );
    const line = lineByKey(draft, 'time:rc-day');
    expect(line).toMatchObject({
      quantity: '2.5',
      unit: 'day',
      unitPrice: '180000',
      amountMinor: 450_000n,
      taxMinor: 45_000n,
    });
    expect(line.description).toBe('Time: Consultant, day rate from 2026-01-01 (20 h at 8 h a day)');
    expect(line.sources.timeEntryIds).toEqual(['1', '2', '3']);
    expect(draft.totalMinor).toBe(495_000n);
  });

  it('bills the 10 h day as one day (2.25 days, 405,000 JPY) when the contract caps long days', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: dayContract('cap'), timeEntries: days, taxRates: JP_TAX }),
    );
    expect(lineByKey(draft, 'time:rc-day')).toMatchObject({ quantity: '2.25', amountMinor: 405_000n });
    expect(lineByKey(draft, 'time:rc-day').description).toContain('at most one day a day');
  });

  it("caps per person and day, not per entry: 6 h + 5 h by one person on one day is one day, the other person's 4 h half a day", () => {
    const entries = [
      makeTimeEntry({ id: '1', workDate: '2026-03-02', hours: '6' }),
      makeTimeEntry({ id: '2', workDate: '2026-03-02', hours: '5' }),
      makeTimeEntry({ id: '3', workDate: '2026-03-02', hours: '4', personId: 'p-ann' }),
    ];
    const { draft } = rateContract(
      makeRatingInput({ contract: dayContract('cap'), timeEntries: entries, taxRates: JP_TAX }),
    );
    expect(lineByKey(draft, 'time:rc-day')).toMatchObject({ quantity: '1.5', amountMinor: 270_000n });
  });

  it('bills a half-day rate in half days: 20 h at 8 h a day = 5 half-days', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: dayContract('pro_rata', 'half_day'), timeEntries: days, taxRates: JP_TAX }),
    );
    expect(lineByKey(draft, 'time:rc-day')).toMatchObject({ quantity: '5', unit: 'half-day', amountMinor: 900_000n });
  });

  it('bills a month rate once per person with time in the month', () => {
    const entries = [...days, makeTimeEntry({ id: '4', workDate: '2026-03-05', hours: '3', personId: 'p-ann' })];
    const { draft } = rateContract(
      makeRatingInput({ contract: dayContract('pro_rata', 'month'), timeEntries: entries, taxRates: JP_TAX }),
    );
    expect(lineByKey(draft, 'time:rc-day')).toMatchObject({ quantity: '2', unit: 'month', amountMinor: 360_000n });
    expect(lineByKey(draft, 'time:rc-day').sources.timeEntryIds).toEqual(['1', '2', '3', '4']);
  });

  it('keeps hourly rates in hours', () => {
    const { draft } = rateContract(makeRatingInput({ timeEntries: days }));
    expect(lineByKey(draft, 'time:rc-cons')).toMatchObject({ quantity: '20', unit: 'hour' });
  });
});

describe('toUnitPieces (property)', () => {
  const entry = fc.record({
    personId: fc.constantFrom('a', 'b'),
    day: fc.integer({ min: 1, max: 5 }),
    quarters: fc.integer({ min: 1, max: 96 }),
  });
  it('pro rata days are hours / hours per day exactly; capped days never exceed one per person and day nor the pro-rata days', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 30 }), fc.constantFrom('8', '7.5', '6'), (raw, hpd) => {
        const entries = raw.map((r, i) => ({
          sourceId: String(i + 1),
          personId: r.personId,
          date: `2026-03-0${r.day}`,
          hours: new Dec(r.quarters).div(4),
        }));
        const hours = entries.reduce((a, e) => a.plus(e.hours), new Dec(0));
        const sum = (ps: { quantity: Dec }[]) => ps.reduce((a, p) => a.plus(p.quantity), new Dec(0));
        const pro = toUnitPieces('day', entries, { hoursPerDay: hpd, longDays: 'pro_rata' });
        const capped = toUnitPieces('day', entries, { hoursPerDay: hpd, longDays: 'cap' });
        expect(sum(pro).minus(hours.div(hpd)).abs().lt('1e-30')).toBe(true);
        expect(sum(capped).lte(sum(pro).plus('1e-30'))).toBe(true);
        const perDay = new Map<string, Dec>();
        capped.forEach((p) => {
          const k = `${entries.find((e) => e.sourceId === p.sourceId)!.personId}|${p.date}`;
          perDay.set(k, (perDay.get(k) ?? new Dec(0)).plus(p.quantity));
          expect(p.quantity.gte(0)).toBe(true);
        });
        for (const v of perDay.values()) expect(v.lte(new Dec(1).plus('1e-30'))).toBe(true);
        expect(capped.map((p) => p.sourceId).sort()).toEqual(entries.map((e) => e.sourceId).sort());
      }),
    );
  });
});
