import { periodBounds } from '../../shared/dates.ts';

const DAY_MS = 86_400_000;

/** Billing cycle time over a set of approved invoices, in days (two decimals). */
export interface CycleTime {
  invoices: number;
  averageDays: number | null;
  medianDays: number | null;
  p90Days: number | null;
}

/**
 * Days from the end of an invoice's billing period (midnight UTC after its last day) to its approval.
 * @example cycleDays('2026-03', new Date('2026-04-03T12:00:00Z')) // 2.5
 */
export function cycleDays(period: string, approvedAt: Date): number {
  const endMs = Date.parse(`${periodBounds(period).end}T00:00:00Z`) + DAY_MS;
  return (approvedAt.getTime() - endMs) / DAY_MS;
}

/**
 * Average, median and 90th percentile (nearest rank) of cycle times.
 * @example cycleTime([1, 2, 3, 10]) // { invoices: 4, averageDays: 4, medianDays: 2.5, p90Days: 10 }
 */
export function cycleTime(days: readonly number[]): CycleTime {
  if (days.length === 0) return { invoices: 0, averageDays: null, medianDays: null, p90Days: null };
  const sorted = [...days].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)]!;
  const avg = sorted.reduce((a, b) => a + b, 0) / n;
  return { invoices: n, averageDays: round2(avg), medianDays: round2(median), p90Days: round2(p90) };
}

/** Share of approved invoices that needed no rejection and no credit note. */
export interface FirstPassAccuracy {
  approved: number;
  firstPass: number;
  /** Percent with two decimals; null when nothing was approved. */
  percent: number | null;
}

/** @example firstPassAccuracy(8, 6) // { approved: 8, firstPass: 6, percent: 75 } */
export function firstPassAccuracy(approved: number, firstPass: number): FirstPassAccuracy {
  return { approved, firstPass, percent: approved === 0 ? null : round2((firstPass / approved) * 100) };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
