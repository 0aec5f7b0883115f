/**
 * Time in the unit a rate card entry states. Hours are rounded per entry first (the contract's
 * increment); then:
 * - hour: the rounded hours.
 * - day, half_day: a person's hours on one day at the contract's hours per day (a half day is half of
 *   it). `longDays` pro_rata bills every hour (10 h at 8 h a day = 1.25 days); `cap` bills at most one
 *   day (two half days) per person and day: that day's entries, in id order, fill it and the hours
 *   beyond are on the line at quantity 0 (linked, so they are not billed again).
 * - month: one month per person with time in the calendar month, on their first entry of it (date,
 *   then id); their other entries of the month link to the line at quantity 0.
 * Quantities are exact decimals (a day is hours / hours per day); the line is rounded once, as every line.
 */
import { Dec, dec } from '../../shared/decimal.ts';
import type { ContractTerms, RateUnit } from '../model.ts';
import type { ChargePiece } from './charge.ts';

/** One entry's rounded hours, before conversion. */
export interface HourPiece {
  sourceId: string;
  personId: string;
  date: string;
  hours: Dec;
}

/** The unit as an invoice line reads it. */
export const UNIT_LABEL: Readonly<Record<RateUnit, string>> = {
  hour: 'hour',
  day: 'day',
  half_day: 'half-day',
  month: 'month',
};

const byDateThenId = (a: HourPiece, b: HourPiece): number =>
  a.date !== b.date
    ? a.date < b.date
      ? -1
      : 1
    : a.sourceId.length !== b.sourceId.length
      ? a.sourceId.length - b.sourceId.length
      : a.sourceId < b.sourceId
        ? -1
        : a.sourceId > b.sourceId
          ? 1
          : 0;

/** Hours in one unit of a day or half-day rate. */
export function hoursPerUnit(unit: 'day' | 'half_day', hoursPerDay: string): Dec {
  const day = dec(hoursPerDay);
  return unit === 'day' ? day : day.div(2);
}

/**
 * Converts entries' rounded hours into pieces in the rate's unit.
 * @example day rate, 8 h a day, pro rata: 8 h + 10 h + 2 h on three days → 1 + 1.25 + 0.25 = 2.5 days
 * @example the same capped: 1 + 1 + 0.25 = 2.25 days
 */
export function toUnitPieces(
  unit: RateUnit,
  entries: readonly HourPiece[],
  contract: Pick<ContractTerms, 'hoursPerDay' | 'longDays'>,
): ChargePiece[] {
  const sorted = [...entries].sort(byDateThenId);
  if (unit === 'hour') return sorted.map((e) => ({ sourceId: e.sourceId, date: e.date, quantity: e.hours }));
  if (unit === 'month') {
    const seen = new Set<string>();
    return sorted.map((e) => {
      const key = `${e.personId}|${e.date.slice(0, 7)}`;
      const first = !seen.has(key);
      seen.add(key);
      return { sourceId: e.sourceId, date: e.date, quantity: new Dec(first ? 1 : 0) };
    });
  }
  const per = hoursPerUnit(unit, contract.hoursPerDay);
  const left = new Map<string, Dec>();
  return sorted.map((e) => {
    let billed = e.hours;
    if (contract.longDays === 'cap') {
      const key = `${e.personId}|${e.date}`;
      const room = left.get(key) ?? dec(contract.hoursPerDay);
      billed = Dec.min(e.hours, room);
      left.set(key, room.minus(billed));
    }
    return { sourceId: e.sourceId, date: e.date, quantity: billed.div(per) };
  });
}

/** How the line's quantity came from hours, for its description. @example "20 h at 8 h a day" */
export function describeUnits(
  unit: RateUnit,
  entries: readonly HourPiece[],
  contract: Pick<ContractTerms, 'hoursPerDay' | 'longDays'>,
): string {
  const hours = entries.reduce((a, e) => a.plus(e.hours), new Dec(0));
  if (unit === 'month') return `${hours} h in the month`;
  const cap = contract.longDays === 'cap' ? ', at most one day a day' : '';
  return `${hours} h at ${dec(contract.hoursPerDay)} h a day${cap}`;
}
