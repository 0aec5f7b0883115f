import { describe, expect, it } from 'vitest';
import { parseDate, findDates, addMonthsToDate } from './dates.ts';
import { findMoney } from './money.ts';
import { parseAmount, parseCount, wordNumber, formatAmount } from './numbers.ts';

describe('parseAmount', () => {
  it('reads English, European and Swiss separators', () => {
    expect(parseAmount('1,234.56')).toBe('1234.56');
    expect(parseAmount('186.000,00')).toBe('186000.00');
    expect(parseAmount("1'920.00")).toBe('1920.00');
    expect(parseAmount('1’920.50')).toBe('1920.50');
    expect(parseAmount('240,000.')).toBe('240000');
    expect(parseAmount('8,1')).toBe('8.1');
  });
  it('reads a single dot group as thousands only in European documents', () => {
    expect(parseAmount('1.500', 'eu')).toBe('1500');
    expect(parseAmount('1.500', 'en')).toBe('1.500');
  });
});

describe('wordNumber and parseCount', () => {
  it('reads numbers written in words and prefers digits in parentheses', () => {
    expect(wordNumber('forty-five')).toBe(45);
    expect(wordNumber('one hundred twenty')).toBe(120);
    expect(parseCount('thirty (30)')).toBe(30);
    expect(parseCount('thirty')).toBe(30);
  });
});

describe('formatAmount', () => {
  it('pads to the currency minor digits without rounding', () => {
    expect(formatAmount('500', 2)).toBe('500.00');
    expect(formatAmount('45', 0)).toBe('45');
    expect(formatAmount('0.002', 2)).toBe('0.002');
  });
});

describe('parseDate', () => {
  it('reads ISO, European dotted, US and written forms', () => {
    expect(parseDate('2026-03-01')).toBe('2026-03-01');
    expect(parseDate('01.03.2026')).toBe('2026-03-01');
    expect(parseDate('03/04/2026', 'mdy')).toBe('2026-03-04');
    expect(parseDate('03/04/2026', 'dmy')).toBe('2026-04-03');
    expect(parseDate('25/05/2018', 'mdy')).toBe('2018-05-25');
    expect(parseDate('March 16, 2026')).toBe('2026-03-16');
    expect(parseDate('1st April 2026')).toBe('2026-04-01');
    expect(parseDate('the 1st day of February, 2020')).toBe('2020-02-01');
    expect(parseDate('the 10 day of January 2019')).toBe('2019-01-10');
    expect(parseDate('Sept. 3, 2026')).toBe('2026-09-03');
  });
  it('rejects impossible calendar dates', () => {
    expect(parseDate('31.02.2026')).toBeNull();
  });
  it('finds a date at the end of a sentence', () => {
    expect(findDates('It ends on 31/12/2026.', 'dmy').map((d) => d.iso)).toEqual(['2026-12-31']);
  });
  it('adds months clamped to the month end', () => {
    expect(addMonthsToDate('2019-01-10', 24)).toBe('2021-01-10');
    expect(addMonthsToDate('2026-01-31', 1)).toBe('2026-02-28');
  });
});

describe('findMoney', () => {
  it('maps symbols, prefixed dollars and codes to ISO currencies', () => {
    const found = findMoney(
      "€500, £1,025, ¥45, C$195, CDN$750,000, CHF 1'850.00, JPY 320,000, CAD 9,000, US$10, 12.500,00 €",
      'en',
    );
    expect(found.map((m) => [m.currency, m.amount])).toEqual([
      ['EUR', '500'],
      ['GBP', '1025'],
      ['JPY', '45'],
      ['CAD', '195'],
      ['CAD', '750000'],
      ['CHF', '1850.00'],
      ['JPY', '320000'],
      ['CAD', '9000'],
      ['USD', '10'],
      ['EUR', '12500.00'],
    ]);
  });
  it('leaves a bare dollar sign for the document to resolve', () => {
    expect(findMoney('$18,000 per month', 'en')[0]).toMatchObject({ currency: null, amount: '18000' });
  });
  it('reads currency words after the amount', () => {
    expect(findMoney('5,000 Swiss francs and 200 euros', 'en').map((m) => m.currency)).toEqual(['CHF', 'EUR']);
  });
});
