import { timeEntriesApprove } from '../../../tools/time/approve-time-entries.ts';
import { timeEntriesImport } from '../../../tools/time/import-time-entries.ts';
import { prng } from '../../../shared/prng.ts';
import { workdays } from './calendar.ts';
import { demoCall, type DemoCallers } from './calls.ts';

export interface DemoTime {
  externalId: string;
  person: string;
  project: string;
  date: string;
  hours: string;
  status: 'submitted' | 'approved';
  rate: string | null;
  description: string;
}

interface Staffing {
  contract: string;
  people: string[];
  p: number;
  min: number;
  max: number;
  quarter?: boolean;
}
const STAFFING: Staffing[] = [
  { contract: 'SOW-ACME-01', people: ['P002', 'P003', 'P005', 'P007'], p: 0.6, min: 2, max: 8, quarter: false },
  { contract: 'SOW-BLUEJAY-01', people: ['P004', 'P006', 'P008', 'P009'], p: 0.8, min: 5, max: 8 },
  { contract: 'SOW-CEDAR-01', people: ['P001', 'P003', 'P012'], p: 0.5, min: 2, max: 7 },
  { contract: 'SOW-IRONWOOD-01', people: ['P010', 'P011'], p: 0.25, min: 2, max: 6 },
  { contract: 'RET-FALCON-01', people: ['P002', 'P004'], p: 0.48, min: 3, max: 5 },
  { contract: 'RET-GRANITE-01', people: ['P008', 'P009'], p: 0.4, min: 4, max: 5 },
  { contract: 'SOW-JUNIPER-01', people: ['P002', 'P005', 'P007'], p: 0.3, min: 2, max: 6 },
  { contract: 'SOW-KESTREL-01', people: ['P006', 'P012'], p: 0.5, min: 4, max: 8 },
  { contract: 'SOW-LUMEN-01', people: ['P008', 'P005'], p: 0.5, min: 4, max: 8 },
  { contract: 'SOW-MAPLE-01', people: ['P003', 'P017'], p: 0.55, min: 4, max: 8 },
  { contract: 'SOW-NORTHSTAR-01', people: ['P014', 'P015', 'P016'], p: 0.55, min: 3, max: 8 },
  { contract: 'SOW-ORANJE-01', people: ['P025', 'P026', 'P027', 'P029'], p: 0.6, min: 3, max: 8 },
  { contract: 'SOW-PRAXIS-01', people: ['P028', 'P030'], p: 0.6, min: 4, max: 8 },
  { contract: 'SOW-QUAY-01', people: ['P031'], p: 0.5, min: 3, max: 7 },
  { contract: 'RET-RHEIN-01', people: ['P032', 'P033'], p: 0.3, min: 3, max: 5 },
  { contract: 'SOW-SAANE-01', people: ['P034'], p: 0.5, min: 3, max: 7 },
  { contract: 'USG-TULP-01', people: ['P035'], p: 0.3, min: 2, max: 5 },
];

const APPROVED_THROUGH = '2026-11-20';

const TASKS = [
  'Workshop and follow-up',
  'Requirements analysis',
  'Solution design',
  'Build and unit test',
  'Status meeting and reporting',
  'Data migration',
  'Stakeholder interviews',
  'Code review',
  'Testing support',
  'Documentation',
];

/** Time entries: most approved, a tail of submitted ones, with deliberate problems for the exception demo. */
export function demoTime(): DemoTime[] {
  const rnd = prng(20261125);
  const out: DemoTime[] = [];
  let n = 0;
  for (const date of workdays()) {
    for (const s of STAFFING) {
      for (const person of s.people) {
        if (rnd() > s.p) continue;
        // ACME's timesheets carry tenths of hours, to show the 15-minute rounding; others log quarter hours.
        const raw = s.min + rnd() * (s.max - s.min);
        const hours =
          s.contract === 'SOW-ACME-01'
            ? Math.max(0.1, Math.round(raw * 10) / 10)
            : Math.max(0.25, Math.round(raw * 4) / 4);
        const northstarLate = s.contract === 'SOW-NORTHSTAR-01' && date >= '2026-10-26' && date <= '2026-10-30';
        const status = date <= APPROVED_THROUGH && !northstarLate ? 'approved' : 'submitted';
        // Northstar's timesheet tool still quotes the old senior rate for one consultant.
        const rate = s.contract === 'SOW-NORTHSTAR-01' && person === 'P015' ? '225.00' : null;
        n += 1;
        out.push({
          externalId: `TS-${String(n).padStart(6, '0')}`,
          person,
          project: `${s.contract}-P1`,
          date,
          hours: hours.toFixed(2),
          status,
          rate,
          description: TASKS[Math.floor(rnd() * TASKS.length)]!,
        });
      }
    }
  }
  return out;
}

/**
 * The demo's time through the catalogue: the clerk imports it (time_entries_import, all entries
 * submitted, one call), then the project manager approves those the demo has approved, one
 * time_entries_approve call per project (so one audit row each), in the order projects first appear.
 */
export async function recordDemoTime(as: DemoCallers, time: DemoTime[]): Promise<void> {
  const { ids } = await demoCall<{ ids: number[] }>(as.clerk, timeEntriesImport, {
    entries: time.map((t) => ({
      externalId: t.externalId,
      person: t.person,
      project: t.project,
      date: t.date,
      hours: t.hours,
      description: t.description,
      rate: t.rate,
    })),
  });
  const byProject = new Map<string, number[]>();
  time.forEach((t, i) => {
    if (t.status === 'approved') byProject.set(t.project, [...(byProject.get(t.project) ?? []), ids[i]!]);
  });
  for (const projectIds of byProject.values())
    for (let i = 0; i < projectIds.length; i += 1000)
      await demoCall(as.pm, timeEntriesApprove, { ids: projectIds.slice(i, i + 1000) });
}
