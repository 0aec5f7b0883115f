import { describe, expect, it } from 'vitest';
import { dailyHoursErrors } from './daily-hours.ts';
import type { ParsedRow } from './parse-time-entries-csv.ts';

const row = (
  line: number,
  person: string,
  date: string,
  hours: string,
  status: 'submitted' | 'rejected' = 'submitted',
): ParsedRow => ({
  line,
  entry: { person, project: 'PR-1', date, hours, billable: true, description: '', status },
});

describe('dailyHoursErrors', () => {
  it('accepts exactly 24 hours for a person on a day when stored and imported hours add up to it', () => {
    expect(
      dailyHoursErrors([row(2, 'P-1', '2026-11-10', '16')], [{ person: 'P-1', date: '2026-11-10', hours: '8.00' }]),
    ).toEqual([]);
  });

  it('names the person, the date and the line that goes over when stored and imported hours exceed 24', () => {
    const errors = dailyHoursErrors(
      [
        row(2, 'P-1', '2026-11-10', '10'),
        row(3, 'P-2', '2026-11-10', '23'),
        row(4, 'P-1', '2026-11-10', '7'),
        row(5, 'P-1', '2026-11-10', '1'),
      ],
      [{ person: 'P-1', date: '2026-11-10', hours: '8.00' }],
    );
    expect(errors).toEqual([
      {
        line: 4,
        code: 'DAILY_HOURS_EXCEEDED',
        message: 'hours: P-1 would have 25.00 hours on 2026-11-10, more than 24 in one day (8.00 already recorded)',
        details: { person: 'P-1', date: '2026-11-10', hours: '25.00', recorded: '8.00', max: '24' },
      },
    ]);
  });

  it('refuses 240 hours spread over ten rows of one day when nothing is stored', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i + 2, 'P-1', '2026-11-10', '24'));
    expect(dailyHoursErrors(rows, []).map((e) => [e.line, e.details?.hours])).toEqual([[3, '48.00']]);
  });

  it('does not count rejected entries, imported or stored', () => {
    expect(
      dailyHoursErrors([row(2, 'P-1', '2026-11-10', '20', 'rejected'), row(3, 'P-1', '2026-11-10', '24')], []),
    ).toEqual([]);
  });

  it('keeps days and people apart', () => {
    expect(
      dailyHoursErrors(
        [row(2, 'P-1', '2026-11-10', '20'), row(3, 'P-1', '2026-11-11', '20'), row(4, 'P-2', '2026-11-10', '20')],
        [],
      ),
    ).toEqual([]);
  });
});
