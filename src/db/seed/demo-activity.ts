/** Deterministic demo activity: time, expenses and usage from 2026-08-03 to 2026-11-24. */
import { prng } from '../../shared/prng.ts';

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
export interface DemoExpense {
  externalId: string;
  project: string;
  person: string;
  date: string;
  category: string;
  description: string;
  amount: string;
  currency: string;
}
export interface DemoUsage {
  eventKey: string;
  contract: string;
  date: string;
  quantity: string;
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

const FIRST_DAY = '2026-08-03';
const LAST_DAY = '2026-11-24';
const APPROVED_THROUGH = '2026-11-20';

function* workdays(): Generator<string> {
  const d = new Date(`${FIRST_DAY}T00:00:00Z`);
  for (;;) {
    const iso = d.toISOString().slice(0, 10);
    if (iso > LAST_DAY) return;
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) yield iso;
    d.setUTCDate(d.getUTCDate() + 1);
  }
}

function* days(from: string, to: string): Generator<string> {
  const d = new Date(`${from}T00:00:00Z`);
  for (let iso = from; iso <= to; d.setUTCDate(d.getUTCDate() + 1), iso = d.toISOString().slice(0, 10)) yield iso;
}

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

/** Expenses on three contracts, including one in a foreign currency and a month over the cap. */
export function demoExpenses(): DemoExpense[] {
  const out: DemoExpense[] = [];
  let n = 0;
  const add = (
    project: string,
    person: string,
    date: string,
    category: string,
    description: string,
    amount: string,
    currency: string,
  ) => {
    n += 1;
    out.push({
      externalId: `EX-${String(n).padStart(5, '0')}`,
      project,
      person,
      date,
      category,
      description,
      amount,
      currency,
    });
  };
  for (const m of ['08', '09', '10', '11']) {
    add('SOW-IRONWOOD-01-P1', 'P010', `2026-${m}-06`, 'travel', 'Flight JFK-DTW return', '486.40', 'USD');
    add('SOW-IRONWOOD-01-P1', 'P010', `2026-${m}-07`, 'lodging', 'Hotel Detroit, 2 nights', '412.00', 'USD');
    add('SOW-PRAXIS-01-P1', 'P028', `2026-${m}-12`, 'travel', 'Train Amsterdam-Walldorf', '189.00', 'EUR');
    add('SOW-CEDAR-01-P1', 'P001', `2026-${m}-18`, 'meals', 'Client working dinner', '310.25', 'USD');
  }
  add(
    'SOW-PRAXIS-01-P1',
    'P030',
    '2026-09-22',
    'lodging',
    'Hotel London, 3 nights (workshop with UK team)',
    '645.00',
    'GBP',
  );
  add('SOW-CEDAR-01-P1', 'P003', '2026-10-05', 'travel', 'Flights to Chicago data centre visit', '2480.00', 'USD');
  add('SOW-CEDAR-01-P1', 'P003', '2026-10-06', 'lodging', 'Hotel Chicago, 2 nights', '520.00', 'USD');
  return out;
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
