import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { daysBetween, lateFee } from './late-fee.ts';

describe('lateFee', () => {
  it('charges 1.5% a month pro rata by day: USD 10,000.00 overdue 45 days is 45/30 of a month, USD 225.00', () => {
    expect(lateFee(1_000_000n, '1.5', 45).feeMinor).toBe(22_500n);
    expect(daysBetween('2026-10-06', '2026-11-20')).toBe(45);
  });

  it('rounds once, half up: USD 1,234.57 at 1.5% for 45 days is 27.7778... -> USD 27.78', () => {
    const f = lateFee(123_457n, '1.5', 45);
    expect(f.preciseMinor).toBe('2777.7825');
    expect(f.feeMinor).toBe(2_778n);
  });

  it('charges nothing when nothing is owed or nothing is late', () => {
    expect(lateFee(0n, '1.5', 45).feeMinor).toBe(0n);
    expect(lateFee(1_000_000n, '1.5', 0).feeMinor).toBe(0n);
  });

  it('is the exact pro rata amount rounded once, and never falls as days or balance grow', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 500 }),
        (open, days, permille) => {
          const pct = new Decimal(permille).div(100).toString();
          const f = lateFee(open, pct, days);
          const exact = new Decimal(open.toString()).mul(pct).div(100).mul(days).div(30);
          expect(new Decimal(f.feeMinor.toString()).sub(exact).abs().lte('0.5')).toBe(true);
          expect(lateFee(open, pct, days + 1).feeMinor >= f.feeMinor).toBe(true);
          expect(lateFee(open + 1n, pct, days).feeMinor >= f.feeMinor).toBe(true);
        },
      ),
    );
  });
});
