/** The days of the demo's activity. */

const FIRST_DAY = '2026-08-03';
const LAST_DAY = '2026-11-24';

/** Monday to Friday, from the first to the last day of the demo's activity. */
export function* workdays(): Generator<string> {
  const d = new Date(`${FIRST_DAY}T00:00:00Z`);
  for (;;) {
    const iso = d.toISOString().slice(0, 10);
    if (iso > LAST_DAY) return;
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) yield iso;
    d.setUTCDate(d.getUTCDate() + 1);
  }
}

/** Every day from `from` to `to`, both included. */
export function* days(from: string, to: string): Generator<string> {
  const d = new Date(`${from}T00:00:00Z`);
  for (let iso = from; iso <= to; d.setUTCDate(d.getUTCDate() + 1), iso = d.toISOString().slice(0, 10)) yield iso;
}
