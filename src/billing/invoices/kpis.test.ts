import { describe, expect, it } from 'vitest';
import { dec } from '../../shared/decimal.ts';
import { nteConsumption } from './holds.ts';
import { cycleDays, cycleTime, firstPassAccuracy } from './kpis.ts';
import { marginPercent } from './margin.ts';

describe('cycleDays', () => {
  it('counts from midnight UTC after the last day of the period', () => {
    expect(cycleDays('2026-03', new Date('2026-04-03T12:00:00Z'))).toBe(2.5);
  });

  it('is negative for an invoice approved before its period ended', () => {
    expect(cycleDays('2026-02', new Date('2026-02-28T00:00:00Z'))).toBe(-1);
  });
});

describe('cycleTime', () => {
  it('gives average, median and 90th percentile', () => {
    expect(cycleTime([10, 1, 3, 2])).toEqual({ invoices: 4, averageDays: 4, medianDays: 2.5, p90Days: 10 });
  });

  it('gives nulls for no invoices', () => {
    expect(cycleTime([])).toEqual({ invoices: 0, averageDays: null, medianDays: null, p90Days: null });
  });
});

describe('firstPassAccuracy', () => {
  it('gives the percent of first-pass invoices', () => {
    expect(firstPassAccuracy(8, 6)).toEqual({ approved: 8, firstPass: 6, percent: 75 });
  });

  it('gives null percent when nothing was approved', () => {
    expect(firstPassAccuracy(0, 0).percent).toBeNull();
  });
});

describe('marginPercent', () => {
  it('gives revenue over cost in percent, two decimals', () => {
    expect(marginPercent(100000n, dec('600'), 2)).toBe('40.00');
  });

  it('is negative when cost exceeds revenue', () => {
    expect(marginPercent(100000n, dec('1000.10'), 2)).toBe('-0.01');
  });

  it('is null without revenue or with an unknown cost', () => {
    expect(marginPercent(0n, dec('1'), 2)).toBeNull();
    expect(marginPercent(100n, null, 2)).toBeNull();
  });
});

describe('nteConsumption', () => {
  it('counts a fee line at its amount when the draft was not converted', () => {
    expect(nteConsumption('time', 12345n, 'USD', null)).toBe(12345n);
  });

  it('converts a fee line back to the work currency, half up', () => {
    expect(nteConsumption('time', 12000n, 'EUR', { from: 'USD', rate: '0.92' })).toBe(13043n);
  });

  it('counts nothing for expenses and discounts', () => {
    expect(nteConsumption('expense', 12000n, 'USD', null)).toBe(0n);
    expect(nteConsumption('discount', -500n, 'USD', null)).toBe(0n);
  });
});
