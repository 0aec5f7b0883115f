import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { dateWindow } from '../src/shared/bounds.ts';
import { createCliDatabase, type CliDatabase } from './helpers/cli.ts';

/**
 * The CLI imports refuse values beyond their bounds (docs/limits.md) the way they refuse any bad
 * input: `FILE: path: message` for a contract bundle, `FILE:LINE: message` for a time-entry CSV,
 * exit 1, nothing written. The calls share one database and run in file order.
 */

const bundle = {
  legalEntities: [
    { code: 'LIM-US', name: 'Limits Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'LIM-' },
  ],
  clients: [{ code: 'LIM-C', legalEntity: 'LIM-US', name: 'Limit Client', country: 'US' }],
  people: [{ code: 'L001', name: 'Lee One', role: 'Consultant', legalEntity: 'LIM-US' }],
  contracts: [
    {
      code: 'SOW-LIM',
      client: 'LIM-C',
      name: 'Limits',
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2026-01-01',
      taxJurisdiction: 'US',
      rateCard: [{ role: 'Consultant', rate: '100.00', effectiveFrom: '2026-01-01' }],
      projects: [{ code: 'LIM-P', name: 'Limits delivery' }],
    },
  ],
};
const HEADER = 'external_id,person,project,role,date,hours,billable,description,status,approved_by,rate';

describe('CLI imports with values beyond their bounds', () => {
  let cli: CliDatabase;
  /** The CLI imports time as the user of BILLING_COPILOT_API_KEY. */
  let clerkKey = '';
  const count = async (table: 'clients' | 'contracts' | 'time_entries') =>
    (await cli.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]!.n;
  beforeAll(async () => {
    cli = await createCliDatabase();
    expect((await cli.run('db', 'migrate')).code).toBe(0);
    const r = await cli.run(
      'users',
      'add',
      '--email',
      'clerk@limits.example',
      '--name',
      'Lim Clerk',
      '--roles',
      'billing_clerk',
    );
    expect(r.code, r.stderr).toBe(0);
    clerkKey = /^bc_[A-Za-z0-9_-]{43}$/m.exec(r.stdout)![0];
  });
  afterAll(async () => cli?.close());

  it('exits 1 naming the field and writes nothing when a client name has 5,000,000 characters', async () => {
    const file = await cli.file(
      'long-name.json',
      JSON.stringify({ ...bundle, clients: [{ ...bundle.clients[0], name: 'x'.repeat(5_000_000) }] }),
    );
    const r = await cli.run('import', 'contracts', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${file}: clients.0.name: at most 200 characters\nNothing was imported.\n`);
    expect(await count('clients')).toBe(0);
  });

  it('exits 1 naming each field when a fee is beyond a trillion dollars and a date outside the window', async () => {
    const contract = { ...bundle.contracts[0], fixedFee: '92233720368547758.07', endDate: '9999-12-31' };
    const file = await cli.file('huge-fee.json', JSON.stringify({ ...bundle, contracts: [contract] }));
    const r = await cli.run('import', 'contracts', file);
    expect(r.code).toBe(1);
    const { min, max } = dateWindow();
    expect(r.stderr).toContain(`${file}: contracts.0.endDate: a date from ${min} to ${max}\n`);
    expect(r.stderr).toContain(`${file}: contracts.0.fixedFee: at most 15 digits before the point\n`);
    expect(await count('contracts')).toBe(0);
  });

  it('imports the bundle when every value is within its bounds', async () => {
    const r = await cli.run('import', 'contracts', await cli.file('bundle.json', JSON.stringify(bundle)));
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('exits 1 with FILE:LINE for a date outside the window and 240 hours, and writes nothing', async () => {
    const file = await cli.file(
      'bad-values.csv',
      [
        HEADER,
        'LV-1,L001,LIM-P,,2026-10-05,8,true,Fine,submitted,,',
        'LV-2,L001,LIM-P,,0001-01-01,8,true,Year one,submitted,,',
        'LV-3,L001,LIM-P,,2026-10-06,240,true,Ten days in one,submitted,,',
      ].join('\n'),
    );
    const r = await cli.runAs(clerkKey, 'import', 'time-entries', file);
    expect(r.code).toBe(1);
    const { min, max } = dateWindow();
    expect(r.stderr).toBe(
      `${file}:3: date: a date from ${min} to ${max}\n${file}:4: hours: at most 24 (hours of one entry)\n` +
        'Nothing was imported: 2 rows need fixing first.\n',
    );
    expect(await count('time_entries')).toBe(0);
  });

  it('exits 1 naming the person, the day and the line that goes over 24 hours, counting hours stored before, and writes nothing', async () => {
    const first = await cli.runAs(
      clerkKey,
      'import',
      'time-entries',
      await cli.file('first.csv', `${HEADER}\nDH-1,L001,LIM-P,,2026-10-07,16,true,Long day,submitted,,`),
    );
    expect([first.code, first.stderr]).toEqual([0, '']);
    const file = await cli.file(
      'over.csv',
      [
        HEADER,
        'DH-2,L001,LIM-P,,2026-10-08,8,true,Next day,submitted,,',
        'DH-3,L001,LIM-P,,2026-10-07,8.5,true,Evening,submitted,,',
      ].join('\n'),
    );
    const r = await cli.runAs(clerkKey, 'import', 'time-entries', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${file}:3: hours: L001 would have 24.50 hours on 2026-10-07, more than 24 in one day (16.00 already recorded)\n` +
        'Nothing was imported: 1 row needs fixing first.\n',
    );
    expect(await count('time_entries')).toBe(1);
  });
});
