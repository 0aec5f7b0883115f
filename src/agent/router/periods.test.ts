import { describe, expect, it } from 'vitest';
import { asOfIn, periodIn, quarterIn } from './periods.ts';

const DEC = new Date('2026-12-05T09:00:00Z');
const FEB = new Date('2027-02-14T09:00:00Z');

describe('periodIn', () => {
  it.each([
    ['for 2026-09', '2026-09'],
    ['for 2026/09', '2026-09'],
    ['for 09/2026', '2026-09'],
    ['for 9.2026', '2026-09'],
    ['for September 2026', '2026-09'],
    ['for Sept. 2026', '2026-09'],
    ['for Oktober 2026', '2026-10'],
    ['for this month', '2026-12'],
    ['for the current month', '2026-12'],
    ['for the previous month', '2026-11'],
    ['for next month', '2027-01'],
    ['for October', '2026-10'],
    ['for January', '2027-01'],
    ['for February', '2026-02'],
    ['for may', '2026-05'],
  ])('"%s" in December 2026 is %s', (text, period) => {
    expect(periodIn(text, DEC)).toBe(period);
  });

  it('does not read "may" the verb or a date as a period', () => {
    expect(periodIn('may I see it', DEC)).toBeNull();
    expect(periodIn('as of 2026-11-30', DEC)).toBeNull();
    expect(periodIn('invoice NWUS-2026-0011', DEC)).toBeNull();
  });

  it('turns the year for last month and named months in January and February', () => {
    expect(periodIn('last month', new Date('2027-01-10T00:00:00Z'))).toBe('2026-12');
    expect(periodIn('for November', FEB)).toBe('2026-11');
  });
});

describe('quarterIn', () => {
  it.each([
    ['Q4', { year: 2026, quarter: 4 }],
    ['q2 2025', { year: 2025, quarter: 2 }],
    ['2026-Q1', { year: 2026, quarter: 1 }],
    ['the third quarter', { year: 2026, quarter: 3 }],
    ['last quarter', { year: 2026, quarter: 3 }],
    ['this quarter', { year: 2026, quarter: 4 }],
  ])('"%s" in December 2026', (text, q) => {
    expect(quarterIn(text, DEC)).toEqual(q);
  });

  it('a quarter not begun yet this year is last year’s', () => {
    expect(quarterIn('Q4', FEB)).toEqual({ year: 2026, quarter: 4 });
    expect(quarterIn('last quarter', FEB)).toEqual({ year: 2026, quarter: 4 });
  });
});

describe('asOfIn', () => {
  it('is the end of a month or quarter that has ended, else today', () => {
    expect(asOfIn('dso at the end of last month', DEC)).toBe('2026-11-30');
    expect(asOfIn('dso for October', DEC)).toBe('2026-10-31');
    expect(asOfIn('dso for Q3', DEC)).toBe('2026-09-30');
    expect(asOfIn('dso this quarter', DEC)).toBe('2026-12-05');
    expect(asOfIn("this month's dso", DEC)).toBe('2026-12-05');
    expect(asOfIn('dso', DEC)).toBe('2026-12-05');
    expect(asOfIn('dso as of 2026-10-15', DEC)).toBe('2026-10-15');
    expect(asOfIn('dso as of 2027-10-15', DEC)).toBe('2026-12-05');
  });
});
