/** Sorting time entries into what can be billed, what is held, and what waits for approval; hour rounding. */
import { Dec, dec } from '../../shared/decimal.ts';
import type { ContractTerms, TimeEntry, TimeRounding } from '../model.ts';

/** Time entries relevant to one period, each list ordered by (workDate, id). */
export interface ClassifiedTime {
  /** Approved, billable, within the contract dates, dated on or before the period end. */
  billable: TimeEntry[];
  /** Approved and billable but dated before the contract start or after its end. */
  outside: TimeEntry[];
  /** Submitted (not yet approved) billable entries dated in the period. */
  unapproved: TimeEntry[];
}

const byDateThenId = (a: TimeEntry, b: TimeEntry): number =>
  a.workDate < b.workDate ? -1 : a.workDate > b.workDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Classifies entries for a period. Non-billable and rejected entries are ignored, and so is
 * anything dated after the period end (it belongs to a later period). Approved entries from
 * earlier periods that were not billed yet (late approvals) are billed now.
 */
export function classifyTime(
  entries: readonly TimeEntry[],
  contract: ContractTerms,
  periodStart: string,
  periodEnd: string,
): ClassifiedTime {
  const out: ClassifiedTime = { billable: [], outside: [], unapproved: [] };
  for (const e of [...entries].sort(byDateThenId)) {
    if (!e.billable || e.workDate > periodEnd || e.approval === 'rejected') continue;
    if (e.approval === 'submitted') {
      if (e.workDate >= periodStart) out.unapproved.push(e);
      continue;
    }
    const outside = e.workDate < contract.startDate || (contract.endDate !== null && e.workDate > contract.endDate);
    (outside ? out.outside : out.billable).push(e);
  }
  return out;
}

const MODES = { up: Dec.ROUND_UP, down: Dec.ROUND_DOWN, nearest: Dec.ROUND_HALF_UP } as const;

/**
 * Rounds one entry's hours to the contract's increment (before any summing). "up" rounds away
 * from zero, "down" towards zero, "nearest" half up; increment 0 leaves the hours as entered.
 * @example roundHours('1.1', { incrementMinutes: 15, direction: 'up' }) // 1.25 (66 min → 75 min)
 */
export function roundHours(hours: string, rounding: TimeRounding): Dec {
  const h = dec(hours);
  if (rounding.incrementMinutes <= 0) return h;
  const inc = new Dec(rounding.incrementMinutes);
  const units = h.times(60).div(inc).toDecimalPlaces(0, MODES[rounding.direction]);
  return units.times(inc).div(60);
}
