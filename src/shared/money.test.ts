import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { add, allocate, format, fromDecimal, money, parse, sum } from './money.ts';

describe('format', () => {
  it('prints the currency minor digits exactly', () => {
    expect(format(money(125000n, 'USD'))).toBe('1250.00');
    expect(format(money(1250n, 'JPY'))).toBe('1250');
    expect(format(money(5n, 'BHD'))).toBe('0.005');
    expect(format(money(-7n, 'EUR'))).toBe('-0.07');
  });
});

describe('fromDecimal', () => {
  it('rounds half up once at the minor unit', () => {
    expect(fromDecimal('10.005', 'USD').amountMinor).toBe(1001n);
    expect(fromDecimal('10.5', 'JPY').amountMinor).toBe(11n);
    expect(fromDecimal('1.0005', 'BHD').amountMinor).toBe(1001n);
    expect(fromDecimal('-10.005', 'USD').amountMinor).toBe(-1001n);
  });
});

describe('parse', () => {
  it('rejects more decimals than the currency allows', () => {
    expect(() => parse('10.5', 'JPY')).toThrow(/more decimals/);
    expect(parse('10.50', 'USD').amountMinor).toBe(1050n);
  });
  it('round-trips any amount through format', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom('USD', 'JPY', 'BHD'),
        (minor, cur) => {
          expect(parse(format(money(minor, cur)), cur).amountMinor).toBe(minor);
        },
      ),
    );
  });
});

describe('allocate', () => {
  it('splits so the parts sum exactly to the whole', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 }),
        (amount, weights) => {
          const parts = allocate(money(amount, 'USD'), weights);
          expect(sum(parts, 'USD').amountMinor).toBe(amount);
        },
      ),
    );
  });
  it('gives the remainder to the largest fractional parts', () => {
    expect(allocate(money(100n, 'USD'), [1n, 1n, 1n]).map((m) => m.amountMinor)).toEqual([34n, 33n, 33n]);
  });
});

describe('add', () => {
  it('refuses to mix currencies', () => {
    expect(() => add(money(1n, 'USD'), money(1n, 'EUR'))).toThrow(/Currency mismatch/);
  });
});
