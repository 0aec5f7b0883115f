import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import { DEMO_PERIODS, DemoSeedRefused, seedDemo, type SeedCounts } from '../../src/db/seed/seed-demo.ts';
import { DEMO_TAX_RATES, demoExchangeRates } from '../../src/db/seed/reference.ts';
import { runBilling, type BillingRunSummary } from '../../src/billing/billing-run/run-billing.ts';
import { billingRunStore } from '../../src/db/stores/billing-run-store.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { addUser } from '../helpers/users.ts';

/** The demo firm as a new user first sees it: seeded, then its three closed months billed. */
describe('the demo firm', () => {
  let database: Database;
  let counts: SeedCounts;
  const runs: BillingRunSummary[] = [];
  const now = () => new Date('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    counts = await seedDemo(database, now());
    for (const period of DEMO_PERIODS) {
      const r = await runBilling(billingRunStore(database), { now }, { period, trigger: 'demo-seed' });
      if (!r.ok) throw new Error(r.error.message);
      runs.push(r.value);
    }
  });
  afterAll(async () => database?.close());

  it('has a US entity billing in USD and a Dutch entity billing in EUR when seeded', async () => {
    const rows = await queryRows<{ code: string; country: string; functional_currency: string }>(
      database.db,
      sql`SELECT code, country, functional_currency FROM legal_entities ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: 'NW-EU', country: 'NL', functional_currency: 'EUR' },
      { code: 'NW-US', country: 'US', functional_currency: 'USD' },
    ]);
  });

  it('loads its master data, tax and exchange rates included, through master_data_import as the console operator, audited once', async () => {
    const rows = await queryRows<{ actor_id: string; target_id: string; after: { clients: number } }>(
      database.db,
      sql`SELECT actor_id, target_id, after FROM audit_log WHERE action = 'master_data.import'`,
    );
    const rates = { taxRates: DEMO_TAX_RATES.length, exchangeRates: demoExchangeRates().length };
    expect(rows).toEqual([
      {
        actor_id: 'cli:demo-seed',
        target_id: 'demo-bundle',
        after: expect.objectContaining({ clients: 20, ...rates }),
      },
    ]);
    const [stored] = await queryRows<{ tax: number; fx: number }>(
      database.db,
      sql`SELECT (SELECT count(*)::int FROM tax_rates) AS tax, (SELECT count(*)::int FROM exchange_rates) AS fx`,
    );
    expect([Number(stored!.tax), Number(stored!.fx)]).toEqual([rates.taxRates, rates.exchangeRates]);
    const [nl] = await queryRows<{ rate_percent: string; valid_from: string; note: string }>(
      database.db,
      sql`SELECT rate_percent::text, valid_from::text, note FROM tax_rates WHERE jurisdiction = 'NL' AND category = 'standard'`,
    );
    expect(nl).toEqual({
      rate_percent: expect.stringMatching(/^21(\.0*)?$/),
      valid_from: '2020-01-01',
      note: 'BTW standard rate',
    });
  });

  it('records its time, expenses and usage through catalogue entries as the demo users, one audit row per call', async () => {
    const rows = await queryRows<{ action: string; actor: string | null; after: Record<string, unknown> }>(
      database.db,
      sql`SELECT a.action, u.email AS actor, a.after FROM audit_log a LEFT JOIN users u ON u.id::text = a.actor_id
           WHERE a.action IN ('time_entries.import', 'time_entries.approve', 'expenses.import', 'expenses.approve', 'usage.report')
           ORDER BY a.seq`,
    );
    const of = (action: string) => rows.filter((r) => r.action === action);
    const [stored] = await queryRows<{
      time: number;
      approved: number;
      projects: number;
      exp: number;
      expProjects: number;
      usage: number;
    }>(
      database.db,
      sql`SELECT (SELECT count(*)::int FROM time_entries) AS time,
                 (SELECT count(*)::int FROM time_entries WHERE approval_status = 'approved') AS approved,
                 (SELECT count(DISTINCT project_id)::int FROM time_entries WHERE approval_status = 'approved') AS projects,
                 (SELECT count(*)::int FROM expenses WHERE approval_status = 'approved') AS exp,
                 (SELECT count(DISTINCT project_id)::int FROM expenses) AS "expProjects",
                 (SELECT count(*)::int FROM usage_records) AS usage`,
    );
    // Every row stored is one an entry wrote: the imports' counts are the tables' counts.
    expect(of('time_entries.import').map((r) => [r.actor, r.after.count])).toEqual([
      ['clerk@northwind.example', counts.timeEntries],
    ]);
    expect(Number(stored!.time)).toBe(counts.timeEntries);
    expect(of('expenses.import').map((r) => [r.actor, r.after.count])).toEqual([
      ['clerk@northwind.example', counts.expenses],
    ]);
    expect(Number(stored!.exp)).toBe(counts.expenses);
    expect(of('usage.report').map((r) => [r.actor, r.after.records])).toEqual([
      ['clerk@northwind.example', counts.usageRecords],
    ]);
    expect(Number(stored!.usage)).toBe(counts.usageRecords);
    // Approvals: one time_entries_approve call per project (so one audit row each), by the project manager.
    const approvals = of('time_entries.approve');
    expect(approvals).toHaveLength(Number(stored!.projects));
    expect(new Set(approvals.map((r) => r.actor))).toEqual(new Set(['pm@northwind.example']));
    const approvedIds = approvals.flatMap((r) => (r.after as { ids: number[] }).ids);
    expect(approvedIds).toHaveLength(Number(stored!.approved));
    expect(Number(stored!.approved)).toBeLessThan(counts.timeEntries);
    const expenseApprovals = of('expenses.approve');
    expect(expenseApprovals).toHaveLength(Number(stored!.expProjects));
    expect(expenseApprovals.flatMap((r) => (r.after as { ids: number[] }).ids)).toHaveLength(counts.expenses);
  });

  it('has 20 clients when seeded', async () => {
    const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM clients`);
    expect(Number(row!.n)).toBe(20);
    expect(counts.clients).toBe(20);
  });

  it('uses every billing model among its contracts when seeded', async () => {
    const rows = await queryRows<{ model: string }>(
      database.db,
      sql`SELECT DISTINCT unnest(models)::text AS model FROM contracts ORDER BY 1`,
    );
    const enumValues = await queryRows<{ v: string }>(
      database.db,
      sql`SELECT unnest(enum_range(NULL::billing_model))::text AS v ORDER BY 1`,
    );
    expect(rows.map((r) => r.model)).toEqual(['milestone', 'retainer', 'time_and_materials', 'usage']);
    expect(rows.map((r) => r.model)).toEqual(enumValues.map((r) => r.v));
  });

  it('drafts invoices in every demo period when its closed months are billed', async () => {
    expect(runs.map((r) => r.period)).toEqual(DEMO_PERIODS);
    for (const r of runs) expect(r.invoicesWritten).toBeGreaterThan(0);
    const rows = await queryRows<{ period: string; n: number }>(
      database.db,
      sql`SELECT period, count(*)::int AS n FROM invoices GROUP BY period ORDER BY period`,
    );
    expect(rows.map((r) => [r.period, Number(r.n)])).toEqual(runs.map((r) => [r.period, r.invoicesWritten]));
  });

  it('raises every exception type the demo is built to show when the three periods are billed', async () => {
    const rows = await queryRows<{ type: string }>(
      database.db,
      sql`SELECT DISTINCT type::text AS type FROM exceptions WHERE period IN ${DEMO_PERIODS} ORDER BY 1`,
    );
    const types = rows.map((r) => r.type);
    for (const t of [
      'unapproved_time',
      'missing_po',
      'missing_rate',
      'rate_mismatch',
      'cap_exceeded',
      'retainer_overage',
      'missing_fx_rate',
      'outside_contract_dates',
    ]) {
      expect(types, `exception type ${t}`).toContain(t);
    }
  });

  it('has invoice subtotals and taxes equal to the sums of their unheld lines for every invoice', async () => {
    const rows = await queryRows<{
      id: string;
      subtotal_minor: string;
      tax_minor: string;
      total_minor: string;
      held_minor: string;
      line_subtotal: string;
      line_tax: string;
      line_held: string;
      lines: number;
    }>(
      database.db,
      sql`
      SELECT i.id, i.subtotal_minor::text AS subtotal_minor, i.tax_minor::text AS tax_minor, i.total_minor::text AS total_minor, i.held_minor::text AS held_minor,
             COALESCE(sum(l.amount_minor) FILTER (WHERE NOT l.held), 0)::text AS line_subtotal,
             COALESCE(sum(l.tax_minor) FILTER (WHERE NOT l.held), 0)::text AS line_tax,
             COALESCE(sum(l.amount_minor) FILTER (WHERE l.held), 0)::text AS line_held,
             count(l.id)::int AS lines
        FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id
       GROUP BY i.id ORDER BY i.id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const mismatched = rows.filter(
      (r) =>
        r.subtotal_minor !== r.line_subtotal ||
        r.tax_minor !== r.line_tax ||
        r.held_minor !== r.line_held ||
        BigInt(r.total_minor) !== BigInt(r.subtotal_minor) + BigInt(r.tax_minor) ||
        Number(r.lines) === 0,
    );
    expect(mismatched).toEqual([]);
    // Not vacuous: some invoices carry tax and some hold lines back.
    expect(rows.some((r) => r.tax_minor !== '0')).toBe(true);
    expect(rows.some((r) => r.held_minor !== '0')).toBe(true);
  });

  it('names the person on a person-rate line, never their internal id, and links the line to them when billed', async () => {
    const lines = await queryRows<{ description: string; person_id: string | null; name: string | null }>(
      database.db,
      sql`
      SELECT l.description, l.person_id::text AS person_id, p.name FROM invoice_lines l LEFT JOIN people p ON p.id = l.person_id`,
    );
    expect(lines.filter((l) => /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(l.description))).toEqual([]);
    const personLines = lines.filter((l) => l.person_id !== null);
    expect(personLines.length).toBeGreaterThan(0);
    for (const l of personLines) expect(l.description).toContain(`(${l.name}, person rate)`);
  });
});

describe('the demo firm in a firm whose administrator can act', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    const admin = await addUser(database.db, {
      email: 'admin@test.example',
      name: 'Admin',
      roles: ['finance_admin'],
      entities: null,
    });
    if (!admin.ok) throw new Error(JSON.stringify(admin.error));
  });
  afterAll(async () => database?.close());

  it('is refused by policy (OPERATOR_AFTER_SETUP) and loads nothing', async () => {
    await expect(seedDemo(database, new Date('2026-11-25T09:00:00Z'))).rejects.toThrow(DemoSeedRefused);
    await expect(seedDemo(database, new Date('2026-11-25T09:00:00Z'))).rejects.toThrow(/OPERATOR_AFTER_SETUP/);
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM time_entries) AS n`,
    );
    expect(Number(row!.n)).toBe(0);
  });
});
