import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import {
  AMOUNT_MAX_INTEGER_DIGITS,
  checkAmount,
  checkDateInWindow,
  checkDecimal,
  compareDecimal,
  configureDateWindow,
  DECIMAL_BOUNDS,
  DEFAULT_DATE_WINDOW,
  dateWindow,
  maxAmountMinor,
  type DecimalKind,
} from './bounds.ts';
import { MINOR_UNITS } from './currency.ts';
import { fixedClock } from './clock.ts';

afterEach(() => configureDateWindow(DEFAULT_DATE_WINDOW));

describe('maxAmountMinor', () => {
  it('is a trillion major units in minor units when the currency has 0, 2 or 3 decimals', () => {
    expect(maxAmountMinor('JPY')).toBe(10n ** 12n);
    expect(maxAmountMinor('USD')).toBe(10n ** 14n);
    expect(maxAmountMinor('BHD')).toBe(10n ** 15n);
  });

  it('leaves room to add nine thousand of the largest amounts inside a bigint column when taken over every currency', () => {
    for (const currency of Object.keys(MINOR_UNITS))
      expect(maxAmountMinor(currency) * 9_000n, currency).toBeLessThan(2n ** 63n);
  });

  it('has no more integer digits than amountField lets through when taken over every currency', () => {
    for (const [currency, digits] of Object.entries(MINOR_UNITS)) {
      expect((maxAmountMinor(currency) / 10n ** BigInt(digits)).toString().length, currency).toBeLessThanOrEqual(
        AMOUNT_MAX_INTEGER_DIGITS,
      );
    }
  });
});

describe('checkAmount', () => {
  it('refuses the hostile trial payment of 92,233,720,368,547,758.07 USD as too large', () => {
    expect(checkAmount('92233720368547758.07', 'USD')).toEqual({
      code: 'AMOUNT_TOO_LARGE',
      message: 'at most 1000000000000 USD',
    });
  });

  it('accepts exactly a trillion and refuses one cent more when the currency is USD', () => {
    expect(checkAmount('1000000000000.00', 'USD')).toBeNull();
    expect(checkAmount('1000000000000.01', 'USD')?.code).toBe('AMOUNT_TOO_LARGE');
  });

  it('refuses decimals the currency does not have when the currency is JPY, and accepts fils when it is BHD', () => {
    expect(checkAmount('100.5', 'JPY')?.code).toBe('AMOUNT_TOO_PRECISE');
    expect(checkAmount('100.50', 'USD')).toBeNull();
    expect(checkAmount('0.005', 'BHD')).toBeNull();
  });
});

describe('checkDecimal', () => {
  it('accepts 24 hours and refuses 24.01, 240 and 0 when the value is one time entry', () => {
    expect(checkDecimal('24', 'entryHours')).toBeNull();
    expect(checkDecimal('24.00', 'entryHours')).toBeNull();
    expect(checkDecimal('24.01', 'entryHours')).toBe('at most 24 (hours of one entry)');
    expect(checkDecimal('240', 'entryHours')).toBe('at most 24 (hours of one entry)');
    expect(checkDecimal('0', 'entryHours')).toBe('more than 0 (hours of one entry)');
    expect(checkDecimal('7.125', 'entryHours')).toBe('at most 2 decimals (hours of one entry)');
  });

  it('keeps every bound inside the numeric(p,s) column that stores it', () => {
    const columns: Record<DecimalKind, [number, number]> = {
      rate: [18, 6],
      unitPrice: [30, 12],
      percent: [6, 3],
      markupPercent: [9, 4],
      entryHours: [8, 2],
      periodHours: [10, 2],
      quantity: [20, 6],
      fxRate: [24, 12],
    };
    for (const [kind, [p, s]] of Object.entries(columns) as [DecimalKind, [number, number]][]) {
      const b = DECIMAL_BOUNDS[kind];
      expect(compareDecimal(b.max, `1${'0'.repeat(p - s)}`), kind).toBe(-1);
      expect(b.maxDecimals, kind).toBeLessThanOrEqual(s);
    }
  });
});

describe('compareDecimal', () => {
  it('orders decimal strings exactly when they differ in leading zeros, trailing zeros and length', () => {
    expect(compareDecimal('007.50', '7.5')).toBe(0);
    expect(compareDecimal('99999999999999999999.9', '100000000000000000000')).toBe(-1);
    expect(compareDecimal('24.001', '24')).toBe(1);
  });
});

describe('dateWindow', () => {
  it('runs from 2000-01-01 to ten years after today when nothing is configured', () => {
    configureDateWindow({}, fixedClock('2026-05-14T12:00:00Z'));
    expect(dateWindow()).toEqual({ min: '2000-01-01', max: '2036-05-14' });
    expect(checkDateInWindow('0001-01-01')).toBe('a date from 2000-01-01 to 2036-05-14');
    expect(checkDateInWindow('9999-12-31')).toBe('a date from 2000-01-01 to 2036-05-14');
    expect(checkDateInWindow('2036-05-14')).toBeNull();
  });

  it('ends on 28 February ten years on when today is 29 February', () => {
    configureDateWindow({}, fixedClock('2028-02-29T00:00:00Z'));
    expect(dateWindow().max).toBe('2038-02-28');
  });

  it('follows BILLING_DATE_MIN and BILLING_DATE_MAX when the configuration sets them', () => {
    loadConfig({ BILLING_DATE_MIN: '1995-01-01', BILLING_DATE_MAX: '2030-12-31' });
    expect(dateWindow()).toEqual({ min: '1995-01-01', max: '2030-12-31' });
    expect(checkDateInWindow('1996-06-30')).toBeNull();
    expect(checkDateInWindow('2031-01-01')).toBe('a date from 1995-01-01 to 2030-12-31');
  });

  it('keeps the configured window when the configuration is parsed again without the variables', () => {
    loadConfig({ BILLING_DATE_MAX: '2030-12-31' });
    loadConfig({});
    expect(dateWindow().max).toBe('2030-12-31');
  });

  it('refuses a configuration whose window is empty, naming both variables', () => {
    expect(() => loadConfig({ BILLING_DATE_MIN: '2031-01-01', BILLING_DATE_MAX: '2030-12-31' })).toThrow(
      /Invalid configuration: BILLING_DATE_MIN\/BILLING_DATE_MAX: The date window is empty/,
    );
    expect(() => loadConfig({ BILLING_DATE_MIN: '2031-02-30' })).toThrow(/Invalid configuration: BILLING_DATE_MIN/);
  });
});
