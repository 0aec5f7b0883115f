import { usageReport } from '../../../tools/usage/report-usage.ts';
import { prng } from '../../../shared/prng.ts';
import { days } from './calendar.ts';
import { demoCall, type DemoCallers } from './calls.ts';

export interface DemoUsage {
  eventKey: string;
  contract: string;
  date: string;
  quantity: string;
}

/** Daily usage for the metered contracts. */
export function demoUsage(): DemoUsage[] {
  const rnd = prng(7);
  const out: DemoUsage[] = [];
  for (const date of days('2026-08-01', '2026-11-24')) {
    const month = date.slice(5, 7);
    const harbor = month === '08' ? 55 + Math.floor(rnd() * 15) : 180 + Math.floor(rnd() * 60);
    out.push({ eventKey: `harbor:${date}`, contract: 'USG-HARBOR-01', date, quantity: String(harbor) });
    out.push({ eventKey: `rhein:${date}`, contract: 'RET-RHEIN-01', date, quantity: (20 + rnd() * 20).toFixed(3) });
    out.push({
      eventKey: `tulp:${date}`,
      contract: 'USG-TULP-01',
      date,
      quantity: String(220 + Math.floor(rnd() * 80)),
    });
  }
  return out;
}

/** The demo's usage readings through the catalogue: the clerk reports them all in one usage_report call. */
export async function recordDemoUsage(as: DemoCallers, usage: DemoUsage[]): Promise<void> {
  for (let i = 0; i < usage.length; i += 5000) {
    const records = usage
      .slice(i, i + 5000)
      .map((u) => ({ eventKey: u.eventKey, contract: u.contract, occurredOn: u.date, quantity: u.quantity }));
    const r = await demoCall<{ inserted: number }>(as.clerk, usageReport, { records });
    if (r.inserted !== records.length) throw new Error('demo seed: usage readings were taken before');
  }
}
