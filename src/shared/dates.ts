/** ISO calendar dates (YYYY-MM-DD) compared as strings; periods as YYYY-MM. No time zones involved. */

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** True for a billing period YYYY-MM. */
export const isPeriod = (s: string): boolean => PERIOD.test(s);

/** First and last day of a period. @example periodBounds('2026-02') // { start: '2026-02-01', end: '2026-02-28' } */
export function periodBounds(period: string): { start: string; end: string } {
  const m = PERIOD.exec(period);
  if (!m) throw new Error(`Not a period: ${period}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { start: `${period}-01`, end: `${period}-${String(last).padStart(2, '0')}` };
}

/** The date n days after an ISO date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The period before or after by n months. */
export function addMonths(period: string, n: number): string {
  const m = PERIOD.exec(period);
  if (!m) throw new Error(`Not a period: ${period}`);
  const idx = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** The later of two ISO dates. */
export const maxDate = (a: string, b: string): string => (a > b ? a : b);
/** The earlier of two ISO dates. */
export const minDate = (a: string, b: string): string => (a < b ? a : b);
