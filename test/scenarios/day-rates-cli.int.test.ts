import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCliUsers, createCliDatabase, type CliDatabase } from '../helpers/cli.ts';
import { backend } from '../helpers/db.ts';

/**
 * Issue 11 as a new user meets it: the contract file and the timesheet go in through the product's own
 * `import` commands, billing runs and the invoice is read through the CLI. Worked numbers: Ken's week
 * W-41 is one row of 20 h from Monday 5 to Friday 9 October, 4 h a day = half a day each at 8 h a day,
 * 2.5 days × 180,000 = 450,000 JPY; the monthly fee 1,200,000; 1,650,000 + 10 % tax 165,000 = 1,815,000 JPY.
 * A second contract carries the other forms of each new field (capped long days, 7.5 h days, a half-day
 * rate, a quarterly fee in arrears with a last period), checked as stored.
 */
const bundle = {
  legalEntities: [
    { code: 'LE-JP', name: 'Test Advisory K.K.', country: 'JP', functionalCurrency: 'JPY', invoicePrefix: 'TJP-' },
  ],
  taxRates: [{ jurisdiction: 'JP', category: 'standard', ratePercent: '10', validFrom: '2019-10-01' }],
  clients: [{ code: 'LUMEN', legalEntity: 'LE-JP', name: 'Lumen Robotics K.K.', country: 'JP' }],
  people: [{ code: 'KEN', name: 'Ken Sato', role: 'Consultant' }],
  contracts: [
    {
      code: 'SOW-LUMEN-1',
      client: 'LUMEN',
      name: 'Lumen advisory',
      models: ['time_and_materials'],
      currency: 'JPY',
      startDate: '2026-09-14',
      taxJurisdiction: 'JP',
      hoursPerDay: '8',
      longDays: 'pro_rata',
      rateCard: [{ role: 'Consultant', rate: '180000', unit: 'day', effectiveFrom: '2026-09-14' }],
      recurringFees: [
        {
          description: 'Monthly advisory fee',
          amount: '1200000',
          frequency: 'month',
          startDate: '2026-09-14',
          timing: 'advance',
          prorateFirstPeriod: true,
        },
      ],
      projects: [{ code: 'LUMEN-P1', name: 'Lumen delivery' }],
    },
    {
      code: 'SOW-LUMEN-2',
      client: 'LUMEN',
      name: 'Lumen support',
      models: ['time_and_materials'],
      currency: 'JPY',
      startDate: '2026-10-01',
      taxJurisdiction: 'JP',
      hoursPerDay: '7.5',
      longDays: 'cap',
      rateCard: [{ role: 'Consultant', rate: '95000', unit: 'half_day', effectiveFrom: '2026-10-01' }],
      recurringFees: [
        {
          description: 'Quarterly support fee',
          amount: '600000',
          frequency: 'quarter',
          startDate: '2026-10-01',
          lastPeriod: '2027-06',
          timing: 'arrears',
          prorateFirstPeriod: false,
        },
      ],
      projects: [{ code: 'LUMEN-P2', name: 'Lumen support' }],
    },
  ],
};

describe(`day rates, a monthly fee and a week row through the CLI's imports, on ${backend}`, () => {
  let cli: CliDatabase;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    cli = await createCliDatabase();
  });
  afterAll(async () => cli?.close());

  it('imports rate units, hours per day, long days and recurring fees from the contracts file', async () => {
    const r = await cli.run('import', 'contracts', await cli.file('lumen.json', JSON.stringify(bundle)));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const stored = await cli.query<{ code: string; hours_per_day: string; long_days: string; fees: unknown }>(
      sql`SELECT code, hours_per_day::text AS hours_per_day, long_days::text AS long_days, recurring_fees AS fees
      FROM contracts ORDER BY code`,
    );
    expect(stored.map((c) => [c.code, Number(c.hours_per_day), c.long_days])).toEqual([
      ['SOW-LUMEN-1', 8, 'pro_rata'],
      ['SOW-LUMEN-2', 7.5, 'cap'],
    ]);
    // Stored in minor units of the contract currency (JPY has none).
    expect(stored[1]!.fees).toEqual([
      expect.objectContaining({
        description: 'Quarterly support fee',
        amountMinor: '600000',
        frequency: 'quarter',
        startDate: '2026-10-01',
        lastPeriod: '2027-06',
        timing: 'arrears',
        prorateFirstPeriod: false,
      }),
    ]);
    expect(
      await cli.query(sql`SELECT c.code, r.unit::text AS unit FROM rate_card_entries r JOIN contracts c
        ON c.id = r.contract_id ORDER BY c.code`),
    ).toEqual([
      { code: 'SOW-LUMEN-1', unit: 'day' },
      { code: 'SOW-LUMEN-2', unit: 'half_day' },
    ]);
  });

  it('imports a week as one row (date to date_to) and bills it as 2.5 days plus the fee: 1,815,000 JPY', async () => {
    await addCliUsers(cli, [['pm', 'project_manager,billing_clerk']], 'lumen.example', { keys, ids });
    const csv = [
      'external_id,person,project,date,date_to,hours,status,approved_by',
      'W-41,KEN,LUMEN-P1,2026-10-05,2026-10-09,20,approved,pm@lumen.example',
    ].join('\n');
    const imported = await cli.runAs(keys.pm!, 'import', 'time-entries', await cli.file('week.csv', csv));
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(
      await cli.query(
        sql`SELECT external_id, work_date::text AS work_date, hours::text AS hours FROM time_entries ORDER BY work_date`,
      ),
    ).toEqual(
      ['05', '06', '07', '08', '09'].map((d) => ({
        external_id: `W-41:2026-10-${d}`,
        work_date: `2026-10-${d}`,
        hours: '4.00',
      })),
    );

    const run = await cli.runAs(keys.pm!, 'billing', 'run', '--period', '2026-10', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ timeEntriesBilled: 5, timeEntriesAwaitingApproval: 0 });
    const list = JSON.parse((await cli.run('invoices', 'list', '--period', '2026-10', '--json')).stdout) as {
      items: { reference: string; contract: string }[];
    };
    const ref = list.items.find((i) => i.contract === 'SOW-LUMEN-1')!.reference;
    const shown = await cli.run('invoices', 'show', ref, '--json');
    expect(shown.code).toBe(0);
    const view = JSON.parse(shown.stdout) as {
      subtotal: { amount: string };
      tax: { amount: string };
      total: { amount: string; currency: string };
      lines: { kind: string; quantity: string; unit: string; amount: { amount: string }; sources: unknown[] }[];
    };
    expect([view.subtotal.amount, view.tax.amount, view.total]).toEqual([
      '1650000',
      '165000',
      { amount: '1815000', currency: 'JPY' },
    ]);
    expect(view.lines.map((l) => [l.kind, l.quantity, l.unit, l.amount.amount])).toEqual([
      ['recurring_fee', '1', 'month', '1200000'],
      ['time', '2.5', 'day', '450000'],
    ]);
    expect(view.lines[1]!.sources).toEqual([
      expect.objectContaining({
        kind: 'time_entry',
        count: 5,
        externalIds: ['05', '06', '07', '08', '09'].map((d) => `W-41:2026-10-${d}`),
      }),
    ]);
  });
});
