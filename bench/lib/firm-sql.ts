/** Bulk master data for the billing benchmark, as set-based SQL (runs the same on PGlite and PostgreSQL). */
import { prng } from '../../src/shared/prng.ts';

export const ROLES: [string, string][] = [
  ['Partner', '420.00'],
  ['Principal', '320.00'],
  ['Senior Consultant', '240.00'],
  ['Consultant', '185.00'],
  ['Analyst', '140.00'],
  ['Engineer', '210.00'],
  ['Designer', '170.00'],
  ['Project Manager', '190.00'],
];

/** Statements creating one US entity, `contracts` clients/contracts/projects with an 8-role rate card, and `people` people. */
export function firmSql(contracts: number, people: number): string[] {
  const roles = ROLES.map(([r]) => `'${r}'`).join(',');
  const rateRows = ROLES.map(([r, rate]) => `('${r}', ${rate})`).join(',');
  return [
    `INSERT INTO legal_entities (code, name, country, functional_currency, invoice_prefix) VALUES ('B-LE', 'Bench Advisory', 'US', 'USD', 'B-')`,
    `INSERT INTO tax_rates (jurisdiction, category, rate_percent, valid_from) VALUES ('US', 'standard', 0, '2020-01-01')`,
    `INSERT INTO clients (code, legal_entity_id, name, country) SELECT 'BC' || g, le.id, 'Client ' || g, 'US' FROM generate_series(1, ${contracts}) g, legal_entities le`,
    `INSERT INTO people (code, name, role) SELECT 'BP' || g, 'Person ' || g, (ARRAY[${roles}])[1 + g % ${ROLES.length}] FROM generate_series(1, ${people}) g`,
    `INSERT INTO contracts (code, client_id, legal_entity_id, name, models, currency, invoice_currency, start_date, tax_jurisdiction, expense_terms, time_rounding_minutes, time_rounding_direction)
       SELECT 'BK' || substr(c.code, 3), c.id, c.legal_entity_id, 'Bench contract', '{time_and_materials}', 'USD', 'USD', '2026-01-01', 'US',
              '{"billable":true,"markupPercent":"0","capMinor":null,"capPercentOfFees":null}'::jsonb, 15, 'up'
       FROM clients c`,
    // Every role's rate changes mid-October, so the run splits lines at the change as real data would.
    `INSERT INTO rate_card_entries (contract_id, role, rate, effective_from, effective_to)
       SELECT k.id, r.role, r.rate, '2026-01-01', '2026-10-15' FROM contracts k CROSS JOIN (VALUES ${rateRows}) AS r(role, rate)`,
    `INSERT INTO rate_card_entries (contract_id, role, rate, effective_from)
       SELECT k.id, r.role, r.rate * 1.05, '2026-10-16' FROM contracts k CROSS JOIN (VALUES ${rateRows}) AS r(role, rate)`,
    `INSERT INTO projects (code, contract_id, name) SELECT 'BJ' || substr(k.code, 3), k.id, 'Bench project' FROM contracts k`,
  ];
}

/** Columns of the time-entry CSV the benchmark COPYs, both into time_entries and into the plain baseline table. */
export const TIME_COLUMNS =
  'person_id, project_id, contract_id, role, work_date, hours, billable, description, approval_status';

export const PLAIN_TABLE_SQL = `CREATE TABLE bench_plain_copy (person_id uuid, project_id uuid, contract_id uuid, role text, work_date date,
  hours numeric(8,2), billable boolean, description text, approval_status text)`;

const OCT_WORKDAYS = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`).filter(
  (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
);

/**
 * Yields CSV chunks of approved October time entries: each contract is staffed by a fixed team of
 * people (so a person bills a few contracts), hours in tenths so rounding does work.
 */
export function* timeCsv(
  entries: number,
  contracts: { id: string; projectId: string }[],
  people: { id: string; role: string }[],
  chunkRows = 20_000,
): Generator<string> {
  const rnd = prng(42);
  const team = 5;
  let buf: string[] = [];
  for (let i = 0; i < entries; i++) {
    const c = contracts[i % contracts.length]!;
    const p = people[((i % contracts.length) * team + Math.floor(rnd() * team)) % people.length]!;
    const day = OCT_WORKDAYS[Math.floor(rnd() * OCT_WORKDAYS.length)]!;
    const hours = (1 + Math.floor(rnd() * 70) / 10).toFixed(2);
    buf.push(`${p.id},${c.projectId},${c.id},${p.role},${day},${hours},t,work,approved`);
    if (buf.length === chunkRows) {
      yield `${buf.join('\n')}\n`;
      buf = [];
    }
  }
  if (buf.length) yield `${buf.join('\n')}\n`;
}
