/**
 * A week's total as one timesheet row (`date` to `date_to`, e.g. 30 h for Monday to Friday), spread
 * over the range's working days (Monday to Friday; every day when the range holds none) in
 * hundredths of an hour, the remainder on the earliest days: 30 h over 5 days = 6 h a day, 30.05 h =
 * 6.01 h on Monday and 6.01 ... 6 h after. Each day becomes its own entry, so the 24-hours-a-person-a-day
 * bound and day rates see the days the work was done on. A range is at most 7 days; a total is at
 * most 24 h per day it is spread over.
 */
import { addDays } from '../../shared/dates.ts';
import { Dec } from '../../shared/decimal.ts';
import { DAILY_HOURS_MAX } from '../../shared/bounds.ts';
import type { TimeEntryInput } from './contract-bundle.ts';

export const MAX_RANGE_DAYS = 7;

/** The day entries a range entry stands for, or why it cannot be spread. */
export function spreadOverDays(
  entry: TimeEntryInput,
  dateTo: string,
): { entries: TimeEntryInput[] } | { error: string } {
  if (dateTo < entry.date) return { error: `date_to ${dateTo} is before date ${entry.date}` };
  const days: string[] = [];
  for (let d = entry.date; d <= dateTo; d = addDays(d, 1)) {
    days.push(d);
    if (days.length > MAX_RANGE_DAYS)
      return { error: `a range is at most ${MAX_RANGE_DAYS} days (a week); ${entry.date} to ${dateTo} is longer` };
  }
  const weekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
  const working = days.filter(weekday).length ? days.filter(weekday) : days;
  const hundredths = new Dec(entry.hours).times(100);
  if (!hundredths.isInteger()) return { error: 'hours of a range are in hundredths' };
  if (hundredths.gt(DAILY_HOURS_MAX * 100 * working.length)) {
    return {
      error: `${entry.hours} h over ${working.length} working day${working.length === 1 ? '' : 's'} is more than ${DAILY_HOURS_MAX} h a day`,
    };
  }
  const total = BigInt(hundredths.toFixed(0));
  const n = BigInt(working.length);
  const entries = working
    .map((date, i) => {
      const share = total / n + (BigInt(i) < total % n ? 1n : 0n);
      return {
        ...entry,
        date,
        hours: new Dec(share.toString()).div(100).toString(),
        externalId: entry.externalId ? `${entry.externalId}:${date}` : entry.externalId,
      };
    })
    .filter((e) => new Dec(e.hours).gt(0));
  return { entries };
}
