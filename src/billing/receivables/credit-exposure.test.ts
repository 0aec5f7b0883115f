import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorUnits } from '../../shared/currency.ts';
import { Dec, dec } from '../../shared/decimal.ts';
import { findFxRate } from '../rating/fx.ts';
import { convertMinor, exposureIn, type RateOf } from './credit-exposure.ts';
import { creditExposures, type ReceivableFacts } from './receivables.ts';

/** Rates as billing reads them, from stored rows (direct or inverse), the newest on or before the date. */
const ratesFrom =
  (rows: { base: string; quote: string; rate: string; rateDate: string }[], asOf = '2026-03-31'): RateOf =>
  (from, to) =>
    findFxRate(rows, from, to, asOf);

const item = (currency: string, openMinor: bigint, limitMinor: bigint | null = 1_000_00n): ReceivableFacts => ({
  invoiceId: `i-${currency}-${openMinor}`,
  number: 'N',
  clientCode: 'ACME',
  entityCode: 'E',
  segment: 'standard',
  currency,
  totalMinor: openMinor,
  issueDate: '2026-01-01',
  dueDate: '2026-01-31',
  openMinor,
  openAtStartMinor: 0n,
  expectedDaysLate: 0,
  lateBasis: 'due_date',
  creditLimitMinor: limitMinor,
  creditLimitCurrency: limitMinor === null ? null : 'USD',
});

/** The exact value of `openMinor` of `from` in minor units of `to`, unrounded. */
const exact = (openMinor: bigint, from: string, to: string, rate: string) =>
  dec(openMinor)
    .times(dec(rate))
    .times(new Dec(10).pow(minorUnits(to) - minorUnits(from)));

describe('convertMinor', () => {
  it('converts once and rounds half up into the target currency minor units', () => {
    expect(convertMinor(300_00n, 'EUR', 'USD', dec('1.0825'))).toBe(324_75n);
    // 10.00 USD x 151.237 = 1512.37 JPY, which has no minor digits: 1512.
    expect(convertMinor(10_00n, 'USD', 'JPY', dec('151.237'))).toBe(1512n);
    // 1000 JPY x 0.0066125 = 6.6125 USD: 661.25 cents, half up to 661; 1.005 USD half up to 101 cents.
    expect(convertMinor(1000n, 'JPY', 'USD', dec('0.0066125'))).toBe(661n);
    expect(convertMinor(1n, 'BHD', 'USD', dec('1.005'))).toBe(0n);
    expect(convertMinor(1000n, 'BHD', 'USD', dec('1.005'))).toBe(101n);
  });
});

describe('exposureIn', () => {
  const rateOf = ratesFrom([
    { base: 'EUR', quote: 'USD', rate: '1.0825', rateDate: '2026-03-30' },
    { base: 'EUR', quote: 'USD', rate: '2.0000', rateDate: '2026-04-15' },
    { base: 'USD', quote: 'JPY', rate: '150', rateDate: '2026-03-01' },
  ]);

  it('counts other currencies at the newest rate by the date (inverse where stored the other way), and names one with none', () => {
    const e = exposureIn(
      'USD',
      new Map([
        ['USD', 1_000_00n],
        ['EUR', 300_00n],
        ['JPY', 15_000n],
        ['GBP', 50_00n],
      ]),
      rateOf,
    );
    expect(e).toEqual({
      currency: 'USD',
      // 1,000.00 + 324.75 (300.00 EUR at 1.0825) + 100.00 (15,000 JPY at 1/150)
      exposureMinor: 1_424_75n,
      converted: [
        { currency: 'EUR', openMinor: 300_00n, rate: '1.0825', rateDate: '2026-03-30', convertedMinor: 324_75n },
        {
          currency: 'JPY',
          openMinor: 15_000n,
          rate: expect.stringMatching(/^0\.00666/),
          rateDate: '2026-03-01',
          convertedMinor: 100_00n,
        },
      ],
      unconverted: [{ currency: 'GBP', openMinor: 50_00n }],
    });
  });

  it('converts nothing without rates: the exposure of the limit currency alone, the others named', () => {
    const e = exposureIn(
      'USD',
      new Map([
        ['USD', 5n],
        ['EUR', 7n],
      ]),
      null,
    );
    expect([e.exposureMinor, e.converted, e.unconverted]).toEqual([5n, [], [{ currency: 'EUR', openMinor: 7n }]]);
  });
});

const CURRENCIES = ['USD', 'EUR', 'JPY', 'BHD', 'CHF'] as const;
/** A rate as published: 1 to 9 significant digits, 0.000001 to 1000. */
const rateArb = fc.integer({ min: 1, max: 1_000_000_000 }).map((n) => dec(n).div(1_000_000).toString());

describe('credit exposure (properties)', () => {
  it('in the limit currency alone equals the figure before conversion, whatever the rates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { maxLength: 12 }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        rateArb,
        (opens, limit, rate) => {
          const items = opens.length ? opens.map((o) => item('USD', o, limit)) : [item('USD', 0n, limit)];
          const converting = ratesFrom([{ base: 'EUR', quote: 'USD', rate, rateDate: '2026-01-01' }]);
          const [before] = creditExposures(items);
          const [after] = creditExposures(items, converting);
          expect(after).toEqual(before);
          expect(after!.exposureMinor).toBe(opens.reduce((s, o) => s + o, 0n));
          expect(after!.converted).toEqual([]);
        },
      ),
    );
  });

  it('loses no minor unit beyond half a unit per converted currency, and its parts add up exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES),
        fc.array(
          fc.record({ currency: fc.constantFrom(...CURRENCIES), open: fc.bigInt({ min: 1n, max: 10n ** 12n }) }),
          {
            maxLength: 10,
          },
        ),
        fc.dictionary(fc.constantFrom(...CURRENCIES), fc.option(rateArb, { nil: undefined })),
        (limitCurrency, rows, rates) => {
          const stored = Object.entries(rates)
            .filter((e): e is [string, string] => e[1] !== undefined && e[0] !== limitCurrency)
            .map(([c, rate]) => ({ base: c, quote: limitCurrency, rate, rateDate: '2026-01-01' }));
          const open = new Map<string, bigint>();
          for (const r of rows) open.set(r.currency, (open.get(r.currency) ?? 0n) + r.open);
          const e = exposureIn(limitCurrency, open, ratesFrom(stored));
          const own = open.get(limitCurrency) ?? 0n;
          expect(e.exposureMinor).toBe(own + e.converted.reduce((s, c) => s + c.convertedMinor, 0n));
          let exactTotal = dec(own);
          for (const c of e.converted) {
            const x = exact(c.openMinor, c.currency, limitCurrency, stored.find((s) => s.base === c.currency)!.rate);
            expect(x.minus(dec(c.convertedMinor)).abs().lte('0.5'), `${c.currency}`).toBe(true);
            exactTotal = exactTotal.plus(x);
          }
          expect(exactTotal.minus(dec(e.exposureMinor)).abs().lte(dec(e.converted.length).div(2))).toBe(true);
          // Every other currency is either converted or named, with its whole open amount.
          const named = [...e.converted, ...e.unconverted].map((x) => [x.currency, x.openMinor]);
          expect(named.sort()).toEqual([...open.entries()].filter(([c]) => c !== limitCurrency).sort());
          expect(e.unconverted.map((u) => u.currency)).toEqual(
            [...open.keys()].filter((c) => c !== limitCurrency && !stored.some((s) => s.base === c)).sort(),
          );
        },
      ),
    );
  });
});
