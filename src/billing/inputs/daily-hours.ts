import { DAILY_HOURS_MAX } from '../../shared/bounds.ts';
import type { ParsedRow, RowError } from './parse-time-entries-csv.ts';

/** Hours a person already has on a day (entries not rejected), as the database sums them. */
export interface StoredDayHours {
  person: string;
  date: string;
  hours: string;
}

/** Hours as an integer count of hundredths (time entries carry at most two decimals). */
const hundredths = (hours: string): number => {
  const [int = '0', frac = ''] = hours.split('.');
  return Number(int) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
};
const show = (h: number): string => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;

/**
 * One error per person and day whose hours, already recorded plus this import's, exceed
 * DAILY_HOURS_MAX; it is reported on the first line that goes over. Rejected entries do not count.
 * @example 8 hours stored for P-1 on 2026-11-10 and an import of 10 + 7 that day: line of the 7 refused (25.00 hours)
 */
export function dailyHoursErrors(rows: readonly ParsedRow[], stored: readonly StoredDayHours[]): RowError[] {
  const key = (person: string, date: string) => `${person}\u0000${date}`;
  const recorded = new Map(stored.map((s) => [key(s.person, s.date), hundredths(s.hours)]));
  const total = new Map<string, number>();
  const reported = new Set<string>();
  const errors: RowError[] = [];
  for (const { line, entry } of rows) {
    if (entry.status === 'rejected') continue;
    const k = key(entry.person, entry.date);
    const sum = (total.get(k) ?? recorded.get(k) ?? 0) + hundredths(entry.hours);
    total.set(k, sum);
    if (sum <= DAILY_HOURS_MAX * 100 || reported.has(k)) continue;
    reported.add(k);
    const before = recorded.get(k) ?? 0;
    errors.push({
      line,
      code: 'DAILY_HOURS_EXCEEDED',
      message:
        `hours: ${entry.person} would have ${show(sum)} hours on ${entry.date}, more than ${DAILY_HOURS_MAX} in one day` +
        (before ? ` (${show(before)} already recorded)` : ''),
      details: {
        person: entry.person,
        date: entry.date,
        hours: show(sum),
        recorded: show(before),
        max: String(DAILY_HOURS_MAX),
      },
    });
  }
  return errors;
}
