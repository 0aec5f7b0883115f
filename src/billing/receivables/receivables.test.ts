import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGING_BUCKETS,
  bucketOf,
  cashForecast,
  creditExposures,
  lateLikelihood,
  promiseWeeks,
  receivableMetrics,
  type ReceivableFacts,
} from './receivables.ts';

const inv = (
  p: Partial<ReceivableFacts> & Pick<ReceivableFacts, 'totalMinor' | 'issueDate' | 'dueDate' | 'openMinor'>,
): ReceivableFacts => ({
  invoiceId: 'i',
  number: 'N',
  clientCode: 'C',
  entityCode: 'E',
  segment: 'standard',
  currency: 'USD',
  openAtStartMinor: 0n,
  expectedDaysLate: 0,
  lateBasis: 'due_date',
  ...p,
});

describe('bucketOf', () => {
  it('puts the boundary days where finance expects them', () => {
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91].map(bucketOf)).toEqual([
      'current',
      'current',
      '1-30',
      '1-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      'over_90',
    ]);
  });
});

describe('receivableMetrics', () => {
  it('computes aging, DSO and CEI per currency from a worked example', () => {
    // Period: the 30 days to 2026-11-30. At its start 1,000.00 was open; 3,000.00 was invoiced in it; 1,500.00 is open now, 500.00 of it not yet due.
    const items = [
      inv({
        totalMinor: 100_000n,
        issueDate: '2026-09-01',
        dueDate: '2026-10-01',
        openAtStartMinor: 100_000n,
        openMinor: 40_000n,
      }),
      inv({ totalMinor: 200_000n, issueDate: '2026-11-05', dueDate: '2026-11-20', openMinor: 60_000n }),
      inv({ totalMinor: 100_000n, issueDate: '2026-11-25', dueDate: '2026-12-25', openMinor: 50_000n }),
      inv({ totalMinor: 70_000n, currency: 'EUR', issueDate: '2026-11-10', dueDate: '2026-11-10', openMinor: 70_000n }),
    ];
    const [eur, usd] = receivableMetrics(items, '2026-11-30', 30);
    expect(usd).toMatchObject({
      currency: 'USD',
      openInvoices: 3,
      openMinor: 150_000n,
      overdueMinor: 100_000n,
      invoicedMinor: 300_000n,
    });
    expect(usd!.buckets).toEqual({ current: 50_000n, '1-30': 60_000n, '31-60': 40_000n, '61-90': 0n, over_90: 0n });
    expect(usd!.dso).toBe(15); // 1,500 / 3,000 × 30
    expect(usd!.cei).toBe(71.4); // (1,000 + 3,000 − 1,500) / (1,000 + 3,000 − 500) = 2,500 / 3,500
    expect(eur).toMatchObject({ currency: 'EUR', openMinor: 70_000n, dso: 30 });
  });

  it('keeps the buckets adding up to the open amount for any invoices (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ open: fc.bigInt({ min: 0n, max: 10n ** 12n }), due: fc.integer({ min: -200, max: 200 }) }),
          { maxLength: 30 },
        ),
        (rows) => {
          const items = rows.map((r) =>
            inv({
              totalMinor: r.open,
              openMinor: r.open,
              issueDate: '2026-01-01',
              dueDate: new Date(Date.UTC(2026, 5, 1) + r.due * 86_400_000).toISOString().slice(0, 10),
            }),
          );
          for (const m of receivableMetrics(items, '2026-06-01', 90)) {
            expect(AGING_BUCKETS.reduce((s, b) => s + m.buckets[b], 0n)).toBe(m.openMinor);
            expect(m.openMinor).toBe(items.reduce((s, i) => s + i.openMinor, 0n));
          }
        },
      ),
    );
  });
});

describe('cashForecast', () => {
  it('places each open invoice in the week of its due date plus the days it is expected late, overdue ones in the first week', () => {
    const items = [
      inv({ totalMinor: 1n, issueDate: '2026-10-01', dueDate: '2026-11-01', openMinor: 100n }),
      inv({ totalMinor: 1n, issueDate: '2026-11-01', dueDate: '2026-12-03', openMinor: 200n, expectedDaysLate: 10 }),
      inv({ totalMinor: 1n, issueDate: '2026-11-01', dueDate: '2027-06-01', openMinor: 400n }),
    ];
    const weeks = cashForecast(items, '2026-11-30', 'USD', 4);
    expect(weeks.map((w) => w.expectedMinor)).toEqual([100n, 200n, 0n, 0n, 400n]);
    expect(weeks[1]).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
    expect(weeks.at(-1)!.to).toBeNull();
  });
});

describe('receivableMetrics dispute rate', () => {
  it('divides the invoices of the period disputed by those issued, by count and by amount', () => {
    const [m] = receivableMetrics(
      [
        inv({ totalMinor: 100_000n, issueDate: '2026-11-02', dueDate: '2026-12-02', openMinor: 0n, disputed: true }),
        inv({ totalMinor: 300_000n, issueDate: '2026-11-10', dueDate: '2026-12-10', openMinor: 300_000n }),
        inv({ totalMinor: 50_000n, issueDate: '2026-11-20', dueDate: '2026-12-20', openMinor: 50_000n }),
        inv({ totalMinor: 50_000n, issueDate: '2026-11-21', dueDate: '2026-12-21', openMinor: 50_000n }),
        // Issued before the period: not in the rate, disputed or not.
        inv({ totalMinor: 999_000n, issueDate: '2026-01-05', dueDate: '2026-02-05', openMinor: 0n, disputed: true }),
      ],
      '2026-11-30',
      30,
    );
    expect(m).toMatchObject({ issuedInvoices: 4, disputedInvoices: 1, disputedMinor: 100_000n, disputeRate: 25 });
    expect(m!.disputeRateByAmount).toBe(20);
  });

  it('is null when nothing was issued in the period', () => {
    const [m] = receivableMetrics(
      [inv({ totalMinor: 1n, issueDate: '2026-01-05', dueDate: '2026-02-05', openMinor: 1n, disputed: true })],
      '2026-11-30',
      30,
    );
    expect([m!.disputeRate, m!.disputeRateByAmount]).toEqual([null, null]);
  });
});

describe('creditExposures', () => {
  const limited = (clientCode: string, limit: bigint | null, currency: string, openMinor: bigint) =>
    inv({
      clientCode,
      currency,
      totalMinor: openMinor,
      openMinor,
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      creditLimitMinor: limit,
      creditLimitCurrency: limit === null ? null : 'USD',
    });

  it('adds what a client owes in its limit currency, without rates lists other currencies apart, over the limit first', () => {
    const got = creditExposures([
      limited('ACME', 1_000_00n, 'USD', 700_00n),
      limited('ACME', 1_000_00n, 'USD', 425_00n),
      limited('ACME', 1_000_00n, 'EUR', 300_00n),
      limited('ACME', 1_000_00n, 'USD', 0n),
      limited('BETA', 5_000_00n, 'USD', 4_500_00n),
      limited('NOLIM', null, 'USD', 9_999_00n),
    ]);
    expect(got.map((c) => c.clientCode)).toEqual(['ACME', 'BETA']);
    expect(got[0]).toEqual({
      clientCode: 'ACME',
      currency: 'USD',
      limitMinor: 1_000_00n,
      exposureMinor: 1_125_00n,
      headroomMinor: -125_00n,
      usedPercent: 112.5,
      overLimit: true,
      converted: [],
      notCounted: [{ currency: 'EUR', openMinor: 300_00n }],
    });
    expect(got[1]).toMatchObject({ usedPercent: 90, overLimit: false, headroomMinor: 500_00n, notCounted: [] });
  });

  it('a limit of 0 with something open is over it, with no percentage', () => {
    expect(creditExposures([limited('ZERO', 0n, 'USD', 1n)])[0]).toMatchObject({ overLimit: true, usedPercent: null });
  });

  it('exposure plus headroom is the limit, and over the limit exactly when exposure exceeds it (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.record({ open: fc.bigInt({ min: 0n, max: 10n ** 11n }), usd: fc.boolean() }), { maxLength: 12 }),
        (limit, rows) => {
          const [c] = creditExposures(
            rows.length
              ? rows.map((r) => limited('X', limit, r.usd ? 'USD' : 'CHF', r.open))
              : [limited('X', limit, 'USD', 0n)],
          );
          const usd = rows.filter((r) => r.usd).reduce((s, r) => s + r.open, 0n);
          expect(c!.exposureMinor).toBe(usd);
          expect(c!.exposureMinor + c!.headroomMinor).toBe(limit);
          expect(c!.overLimit).toBe(usd > limit);
        },
      ),
    );
  });
});

describe('promiseWeeks', () => {
  it('puts each promise in the week of its promised date by its state, weeks before and after the date', () => {
    const got = promiseWeeks(
      [
        { currency: 'USD', amountMinor: 100n, promisedFor: '2026-11-16', state: 'kept' },
        { currency: 'USD', amountMinor: 40n, promisedFor: '2026-11-22', state: 'missed' },
        { currency: 'USD', amountMinor: 70n, promisedFor: '2026-12-01', state: 'open' },
        { currency: 'USD', amountMinor: 9n, promisedFor: '2026-10-01', state: 'kept' },
        { currency: 'EUR', amountMinor: 5n, promisedFor: '2026-12-13', state: 'open' },
      ],
      '2026-11-30',
      2,
      2,
    );
    expect(got.map((c) => c.currency)).toEqual(['EUR', 'USD']);
    expect(got[1]!.weeks).toEqual([
      { from: '2026-11-16', to: '2026-11-22', keptMinor: 100n, openMinor: 0n, missedMinor: 40n, promises: 2 },
      { from: '2026-11-23', to: '2026-11-29', keptMinor: 0n, openMinor: 0n, missedMinor: 0n, promises: 0 },
      { from: '2026-11-30', to: '2026-12-06', keptMinor: 0n, openMinor: 70n, missedMinor: 0n, promises: 1 },
      { from: '2026-12-07', to: '2026-12-13', keptMinor: 0n, openMinor: 0n, missedMinor: 0n, promises: 0 },
    ]);
    expect(got[0]!.weeks[3]).toMatchObject({ openMinor: 5n, promises: 1 });
  });
});

describe('lateLikelihood', () => {
  it('bands what is open by the model probability in steps of 20 points, unscored apart, settled left out', () => {
    const open = (openMinor: bigint, lateProbability?: number) =>
      inv({
        totalMinor: openMinor,
        openMinor,
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        ...(lateProbability === undefined ? {} : { lateProbability }),
      });
    const [usd] = lateLikelihood([
      open(10n, 0),
      open(20n, 0.2),
      open(30n, 0.59),
      open(40n, 1),
      open(50n),
      open(0n, 0.9),
    ]);
    expect(usd!.bands.map((b) => [b.band, b.openMinor, b.invoices])).toEqual([
      ['0-20%', 10n, 1],
      ['20-40%', 20n, 1],
      ['40-60%', 30n, 1],
      ['60-80%', 0n, 0],
      ['80-100%', 40n, 1],
      ['not scored', 50n, 1],
    ]);
  });
});
