import { describe, expect, it } from 'vitest';
import { parseTimeEntriesCsv } from './parse-time-entries-csv.ts';

const csv = (...rows: string[]) => ['external_id,person,project,date,date_to,hours,status', ...rows].join('\n');
const summary = (text: string) => {
  const r = parseTimeEntriesCsv(text);
  return { rows: r.rows.map((x) => [x.line, x.entry.externalId, x.entry.date, x.entry.hours]), errors: r.errors };
};

describe('a week as one row (date to date_to)', () => {
  it('spreads 30 h over Monday to Sunday as 6 h on each working day, with the row id and the day as external ids', () => {
    expect(summary(csv('W-41,KEN,P1,2026-10-05,2026-10-11,30,approved'))).toEqual({
      rows: ['05', '06', '07', '08', '09'].map((d) => [2, `W-41:2026-10-${d}`, `2026-10-${d}`, '6']),
      errors: [],
    });
  });
  it('puts the leftover hundredths on the earliest days: 30.02 h = 6.01 + 6.01 + 6 + 6 + 6', () => {
    expect(summary(csv('W-1,KEN,P1,2026-10-05,2026-10-09,30.02,approved')).rows.map((r) => r[3])).toEqual([
      '6.01',
      '6.01',
      '6',
      '6',
      '6',
    ]);
  });
  it('spreads over every day of a weekend-only range', () => {
    expect(summary(csv('W-2,KEN,P1,2026-10-10,2026-10-11,10,approved')).rows.map((r) => [r[2], r[3]])).toEqual([
      ['2026-10-10', '5'],
      ['2026-10-11', '5'],
    ]);
  });
  it('refuses, naming the line, a range longer than a week, one that ends before it starts, or more than 24 h a working day', () => {
    expect(
      summary(
        csv(
          'A,KEN,P1,2026-10-05,2026-10-12,30,approved',
          'B,KEN,P1,2026-10-05,2026-10-04,3,approved',
          'C,KEN,P1,2026-10-05,2026-10-06,48.5,approved',
        ),
      ).errors,
    ).toEqual([
      { line: 2, message: 'a range is at most 7 days (a week); 2026-10-05 to 2026-10-12 is longer' },
      { line: 3, message: 'date_to 2026-10-04 is before date 2026-10-05' },
      { line: 4, message: '48.5 h over 2 working days is more than 24 h a day' },
    ]);
  });
  it('keeps a row without date_to as one entry bounded at 24 h', () => {
    expect(summary(csv('D,KEN,P1,2026-10-05,,30,approved')).errors[0]!.message).toMatch(/hours: at most 24/);
  });
});
