import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createCliDatabase, type CliDatabase } from './helpers/cli.ts';

/**
 * The CLI end to end against a real database: each call opens the database from its environment,
 * as the installed binary does. The calls of this file share one database and build on each other
 * (master data, then time, then a billing run), so the tests run in file order.
 */

const CONSULTANT_USD = '185.00';
const SENIOR_USD = '240.00';
const BETA_CONSULTANT_USD = '150.00';

const bundle = {
  legalEntities: [
    { code: 'TST-US', name: 'Test Advisory Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'TST-' },
  ],
  clients: [
    { code: 'ALPHA', legalEntity: 'TST-US', name: 'Alpha Corp', country: 'US' },
    { code: 'BETA', legalEntity: 'TST-US', name: 'Beta LLC', country: 'US', paymentTermsDays: 45 },
  ],
  people: [
    { code: 'T001', name: 'Tess One', role: 'Consultant', legalEntity: 'TST-US' },
    { code: 'T002', name: 'Theo Two', role: 'Senior Consultant', legalEntity: 'TST-US' },
  ],
  contracts: [
    {
      code: 'SOW-ALPHA-01',
      client: 'ALPHA',
      name: 'Alpha rollout',
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      taxJurisdiction: 'US',
      rateCard: [
        { role: 'Consultant', rate: CONSULTANT_USD, effectiveFrom: '2026-01-01' },
        { role: 'Senior Consultant', rate: SENIOR_USD, effectiveFrom: '2026-01-01' },
      ],
      projects: [{ code: 'ALPHA-P1', name: 'Alpha delivery' }],
    },
    {
      code: 'SOW-BETA-01',
      client: 'BETA',
      name: 'Beta review',
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2026-01-01',
      taxJurisdiction: 'US',
      rateCard: [{ role: 'Consultant', rate: BETA_CONSULTANT_USD, effectiveFrom: '2026-01-01' }],
      projects: [{ code: 'BETA-P1', name: 'Beta delivery' }],
    },
  ],
};

const HEADER = 'external_id,person,project,role,date,hours,billable,description,status,approved_by,rate';
const timeCsv = [
  HEADER,
  'T-1,T001,ALPHA-P1,,2026-10-05,7.5,true,Workshop,approved,pm@test.example,',
  'T-2,T001,ALPHA-P1,,2026-10-06,4.25,true,Requirements,approved,pm@test.example,',
  'T-3,T002,ALPHA-P1,,2026-10-07,3,true,Design review,approved,pm@test.example,',
  'T-4,T002,ALPHA-P1,,2026-10-08,2,true,Not approved yet,submitted,,',
  'T-5,T001,ALPHA-P1,,2026-10-09,1,false,Internal training,approved,pm@test.example,',
  'T-6,T001,BETA-P1,,2026-10-12,2,true,Review,approved,pm@test.example,',
].join('\n');

/** Time entries with these external ids exist in the database. */
async function entriesWithExternalIds(cli: CliDatabase, ids: string[]): Promise<{ id: string; external_id: string }[]> {
  return cli.query(
    sql`SELECT id::text AS id, external_id FROM time_entries WHERE external_id IN ${ids} ORDER BY external_id`,
  );
}

describe('runCli', () => {
  let cli: CliDatabase;
  beforeAll(async () => {
    cli = await createCliDatabase();
  });
  afterAll(async () => cli?.close());

  it('migrates the database and says so when running db migrate', async () => {
    const r = await cli.run('db', 'migrate');
    expect(r).toMatchObject({ code: 0, stdout: 'Database is migrated.\n' });
    const tables = await cli.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('invoices', 'time_entries', 'contracts')`,
    );
    expect(Number(tables[0]!.n)).toBe(3);
  });

  it('exits 2 with the usage text when the command is unknown', async () => {
    const r = await cli.run('frobnicate', 'now');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "frobnicate now"');
    expect(r.stderr).toContain('Usage: billing-copilot <command>');
    expect(r.stdout).toBe('');
  });

  describe('import contracts', () => {
    it('writes every legal entity, client, person, contract and project when the bundle is valid', async () => {
      const file = await cli.file('contracts.json', JSON.stringify(bundle));
      const r = await cli.run('import', 'contracts', file);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        `Imported from ${file}: 1 legal entities, 0 tax rates, 0 exchange rates, 2 clients, 2 people, 2 contracts, 2 projects\n`,
      );
      const rows = await cli.query<{ code: string }>(sql`
        SELECT code FROM clients UNION ALL SELECT code FROM contracts UNION ALL SELECT code FROM projects UNION ALL SELECT code FROM people ORDER BY 1`);
      expect(rows.map((r) => r.code)).toEqual([
        'ALPHA',
        'ALPHA-P1',
        'BETA',
        'BETA-P1',
        'SOW-ALPHA-01',
        'SOW-BETA-01',
        'T001',
        'T002',
      ]);
      const rates = await cli.query<{ role: string; rate: string }>(sql`
        SELECT r.role, r.rate::text AS rate FROM rate_card_entries r JOIN contracts c ON c.id = r.contract_id WHERE c.code = 'SOW-ALPHA-01' ORDER BY r.role`);
      expect(rates.map((r) => [r.role, Number(r.rate).toFixed(2)])).toEqual([
        ['Consultant', CONSULTANT_USD],
        ['Senior Consultant', SENIOR_USD],
      ]);
    });

    it('exits 1 and writes none of the file when one contract names an unknown client', async () => {
      const bad = {
        legalEntities: [
          {
            code: 'TST-EU',
            name: 'Test Advisory B.V.',
            country: 'NL',
            functionalCurrency: 'EUR',
            invoicePrefix: 'TSTEU-',
          },
        ],
        clients: [{ code: 'GAMMA', legalEntity: 'TST-EU', name: 'Gamma GmbH', country: 'DE' }],
        people: [{ code: 'T003', name: 'Tara Three', role: 'Analyst' }],
        contracts: [
          {
            code: 'SOW-GAMMA-01',
            client: 'GAMMA',
            name: 'Gamma audit',
            models: ['time_and_materials'],
            currency: 'EUR',
            startDate: '2026-01-01',
            taxJurisdiction: 'NL',
            projects: [{ code: 'GAMMA-P1', name: 'Gamma' }],
          },
          {
            code: 'SOW-GHOST-01',
            client: 'NO-SUCH-CLIENT',
            name: 'Ghost',
            models: ['time_and_materials'],
            currency: 'EUR',
            startDate: '2026-01-01',
            taxJurisdiction: 'NL',
          },
        ],
      };
      const file = await cli.file('contracts-unknown-client.json', JSON.stringify(bad));
      const r = await cli.run('import', 'contracts', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('contracts[1].client: no client with code "NO-SUCH-CLIENT"');
      expect(r.stderr).toContain('Nothing was imported.');
      const leftovers = await cli.query<{ code: string }>(sql`
        SELECT code FROM legal_entities WHERE code = 'TST-EU' UNION ALL SELECT code FROM clients WHERE code = 'GAMMA'
        UNION ALL SELECT code FROM people WHERE code = 'T003' UNION ALL SELECT code FROM contracts WHERE code IN ('SOW-GAMMA-01', 'SOW-GHOST-01')
        UNION ALL SELECT code FROM projects WHERE code = 'GAMMA-P1'`);
      expect(leftovers).toEqual([]);
    });

    it('exits 1 and writes none of the file when it moves a client or a contract that exists to another entity', async () => {
      const eu = {
        code: 'TST-EU2',
        name: 'Test Advisory B.V.',
        country: 'NL',
        functionalCurrency: 'EUR',
        invoicePrefix: 'EU-',
      };
      const gamma = { code: 'GAMMA-EU', legalEntity: 'TST-EU2', name: 'Gamma B.V.', country: 'NL' };
      const cases: [unknown, string][] = [
        [
          { legalEntities: [eu], clients: [{ ...bundle.clients[0]!, legalEntity: 'TST-EU2' }] },
          'clients.0.legalEntity: the bundle would move client ALPHA from TST-US to TST-EU2',
        ],
        [
          { legalEntities: [eu], clients: [gamma], contracts: [{ ...bundle.contracts[1]!, client: 'GAMMA-EU' }] },
          'contracts.0.client: client GAMMA-EU would move contract SOW-BETA-01 from TST-US to TST-EU2',
        ],
      ];
      for (const [i, [moving, says]] of cases.entries()) {
        const r = await cli.run(
          'import',
          'contracts',
          await cli.file(`contracts-move-${i}.json`, JSON.stringify(moving)),
        );
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(says);
        expect(r.stderr).toContain('Nothing was imported.');
      }
      const after = await cli.query<{ code: string; entity: string }>(sql`
        SELECT c.code, e.code AS entity FROM clients c JOIN legal_entities e ON e.id = c.legal_entity_id
        UNION ALL SELECT k.code, e.code FROM contracts k JOIN legal_entities e ON e.id = k.legal_entity_id
        UNION ALL SELECT code, code FROM legal_entities WHERE code = 'TST-EU2' ORDER BY 1`);
      expect(after).toEqual([
        { code: 'ALPHA', entity: 'TST-US' },
        { code: 'BETA', entity: 'TST-US' },
        { code: 'SOW-ALPHA-01', entity: 'TST-US' },
        { code: 'SOW-BETA-01', entity: 'TST-US' },
      ]);
    });

    it('exits 1 and names the file when the JSON does not parse', async () => {
      const file = await cli.file('broken.json', '{"clients": [ {"code": "DELTA", ');
      const r = await cli.run('import', 'contracts', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file} is not valid JSON`);
      expect(r.stderr).toContain('Nothing was imported.');
    });

    it('exits 1 and lists the field path when the bundle breaks the schema', async () => {
      const file = await cli.file(
        'bad-currency.json',
        JSON.stringify({ clients: [{ ...bundle.clients[0], code: 'DELTA', country: 'usa' }] }),
      );
      const r = await cli.run('import', 'contracts', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}: clients.0.country:`);
      expect(await cli.query(sql`SELECT 1 FROM clients WHERE code = 'DELTA'`)).toEqual([]);
    });

    it('exits 2 with a sentence when the file does not exist', async () => {
      const missing = `${cli.dir}/no-such-file.json`;
      const r = await cli.run('import', 'contracts', missing);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`Cannot read ${missing}: no such file\n`);
    });
  });

  /** The key of pm@test.example (project manager and billing clerk): the CLI imports time and bills as this user. */
  let pmKey = '';
  describe('import time-entries', () => {
    beforeAll(async () => {
      const r = await cli.run(
        'users',
        'add',
        '--email',
        'pm@test.example',
        '--name',
        'Pat Manager',
        '--roles',
        'project_manager,billing_clerk',
      );
      expect(r.code, r.stderr).toBe(0);
      pmKey = /^bc_[A-Za-z0-9_-]{43}$/m.exec(r.stdout)![0];
    });

    it('exits 1, names line 4 and writes nothing when the fourth line of the CSV is invalid', async () => {
      const csv = [
        HEADER,
        'B-1,T001,ALPHA-P1,,2026-10-13,2,true,Fine,approved,pm@test.example,',
        'B-2,T001,ALPHA-P1,,2026-10-14,3,true,Fine too,approved,pm@test.example,',
        'B-3,T001,ALPHA-P1,,2026-10-15,25,true,Too many hours,approved,pm@test.example,',
      ].join('\n');
      const file = await cli.file('bad-row.csv', csv);
      const r = await cli.runAs(pmKey, 'import', 'time-entries', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}:4: hours:`);
      expect(r.stderr).not.toContain(`${file}:2:`);
      expect(r.stderr).toContain('Nothing was imported: 1 row needs fixing first.');
      expect(await entriesWithExternalIds(cli, ['B-1', 'B-2', 'B-3'])).toEqual([]);
    });

    it('exits 1 and writes none of the valid rows when one row names an unknown person', async () => {
      const csv = [
        HEADER,
        'U-1,T001,ALPHA-P1,,2026-10-13,2,true,Fine,approved,pm@test.example,',
        'U-2,T999,ALPHA-P1,,2026-10-14,3,true,Who is this,approved,pm@test.example,',
        'U-3,T002,BETA-P1,,2026-10-15,1,true,Fine too,approved,pm@test.example,',
      ].join('\n');
      const file = await cli.file('unknown-person.csv', csv);
      const r = await cli.runAs(pmKey, 'import', 'time-entries', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}:3: person: no person with code "T999"`);
      expect(r.stderr).toContain('Nothing was imported');
      expect(await entriesWithExternalIds(cli, ['U-1', 'U-2', 'U-3'])).toEqual([]);
    });

    it('imports every row with its approval when the CSV is valid', async () => {
      const file = await cli.file('hours.csv', timeCsv);
      const r = await cli.runAs(pmKey, 'import', 'time-entries', file);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`Imported 6 time entries from ${file}\n`);
      const rows = await cli.query<{
        external_id: string;
        hours: string;
        approval_status: string;
        billable: boolean;
        role: string;
      }>(sql`
        SELECT external_id, hours::text AS hours, approval_status::text AS approval_status, billable, role FROM time_entries ORDER BY external_id`);
      expect(rows.map((e) => [e.external_id, Number(e.hours), e.approval_status, e.billable, e.role])).toEqual([
        ['T-1', 7.5, 'approved', true, 'Consultant'],
        ['T-2', 4.25, 'approved', true, 'Consultant'],
        ['T-3', 3, 'approved', true, 'Senior Consultant'],
        ['T-4', 2, 'submitted', true, 'Senior Consultant'],
        ['T-5', 1, 'approved', false, 'Consultant'],
        ['T-6', 2, 'approved', true, 'Consultant'],
      ]);
    });

    it('exits 1 and names the line when the same external ids are imported again', async () => {
      const file = await cli.file('hours-again.csv', timeCsv);
      const r = await cli.runAs(pmKey, 'import', 'time-entries', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}:2: external_id "T-1" was already imported`);
      const [count] = await cli.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM time_entries`);
      expect(Number(count!.n)).toBe(6);
    });
  });

  describe('billing run', () => {
    it('exits 2 and writes no run when the period is month 13', async () => {
      const r = await cli.run('billing', 'run', '--period', '2026-13');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Period must be YYYY-MM, got "2026-13"');
      expect(await cli.query(sql`SELECT id FROM billing_runs`)).toEqual([]);
    });

    it('exits 2 with an example when --period is missing', async () => {
      const r = await cli.run('billing', 'run');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('billing run needs --period YYYY-MM');
    });

    it('drafts one invoice per contract with work when the period is valid', async () => {
      // A US sales-tax rate for the test jurisdiction, so line tax is visible (there is no CLI import for tax rates).
      await cli.query(
        sql`INSERT INTO tax_rates (jurisdiction, category, rate_percent, valid_from) VALUES ('US', 'standard', '8.875', '2020-01-01')`,
      );
      const r = await cli.runAs(pmKey, 'billing', 'run', '--period', '2026-10', '--json');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout) as {
        period: string;
        contracts: number;
        invoicesWritten: number;
        timeEntriesRated: number;
        totalsByCurrency: Record<string, string>;
      };
      // T-1, T-2, T-3 and T-6 are billed; T-4 is submitted only (warned about, not counted as rated); T-5 is not billable.
      expect(summary).toMatchObject({
        period: '2026-10',
        contracts: 2,
        invoicesWritten: 2,
        timeEntriesRated: 4,
        timeEntriesBilled: 4,
        timeEntriesAwaitingApproval: 1,
      });
      // ALPHA total 3150.57 + BETA total 326.63 (see the list test) = 3477.20 USD
      expect(summary.totalsByCurrency).toEqual({ USD: '347720' });
    });

    it('reads the summary as sentences that count what was billed, when run again without --json', async () => {
      const r = await cli.runAs(pmKey, 'billing', 'run', '--period', '2026-10');
      expect(r.code).toBe(0);
      const [, ...rest] = r.stdout.trimEnd().split('\n');
      expect(rest).toEqual([
        '2 draft invoices with 3 lines from 2 contracts considered.',
        '4 time entries billed; 1 entry of the period waits for approval and is not billed.',
        '1 exception raised.',
        'Draft totals: 3,477.20 USD.',
      ]);
    });
  });

  describe('invoices', () => {
    type Money = { amount: string; currency: string };
    type Summary = {
      reference: string;
      status: string;
      period: string;
      client: { code: string };
      contract: string;
      subtotal: Money;
      tax: Money;
      total: Money;
      held: boolean;
    };

    async function listed(): Promise<{ items: Summary[]; total: number }> {
      const r = await cli.run('invoices', 'list', '--json', '--period', '2026-10');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { items: Summary[]; total: number };
    }

    it('lists each draft with totals from the imported hours and rates when asked for JSON', async () => {
      const { items, total } = await listed();
      expect(total).toBe(2);
      const byClient = Object.fromEntries(items.map((i) => [i.client.code, i]));
      // ALPHA: Consultant (7.5 + 4.25) h × 185.00 = 2173.75, tax 8.875 % = 192.9203 → 192.92;
      //        Senior Consultant 3 h × 240.00 = 720.00, tax 63.90. Submitted T-4 and non-billable T-5 are not billed.
      expect(byClient.ALPHA).toMatchObject({
        status: 'draft',
        period: '2026-10',
        contract: 'SOW-ALPHA-01',
        subtotal: { amount: '2893.75', currency: 'USD' },
        tax: { amount: '256.82', currency: 'USD' },
        total: { amount: '3150.57', currency: 'USD' },
      });
      // BETA: 2 h × 150.00 = 300.00, tax 8.875 % = 26.625 → 26.63 (half up).
      expect(byClient.BETA).toMatchObject({
        status: 'draft',
        contract: 'SOW-BETA-01',
        subtotal: { amount: '300.00', currency: 'USD' },
        tax: { amount: '26.63', currency: 'USD' },
        total: { amount: '326.63', currency: 'USD' },
      });
      expect(byClient.ALPHA!.reference).toMatch(/^DRAFT-[0-9A-F]{8}$/);
    });

    it('prints an aligned table with grouped amounts when --json is not given', async () => {
      const r = await cli.run('invoices', 'list', '--period', '2026-10');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Reference\s+Period\s+Client/);
      expect(r.stdout).toContain('3,150.57 USD');
      expect(r.stdout).toContain('2 of 2 invoices');
    });

    it('shows lines whose sources are exactly the approved billable imported entries when showing a draft', async () => {
      const alpha = (await listed()).items.find((i) => i.client.code === 'ALPHA')!;
      const r = await cli.run('invoices', 'show', alpha.reference, '--json');
      expect(r.code).toBe(0);
      const detail = JSON.parse(r.stdout) as {
        reference: string;
        lines: {
          role: string;
          quantity: string;
          unitPrice: string;
          amount: Money;
          tax: { amount: Money };
          sources: { kind: string; count: number; ids: string[] }[];
        }[];
        exceptions: { type: string }[];
      };
      expect(detail.reference).toBe(alpha.reference);
      const ids = Object.fromEntries(
        (await entriesWithExternalIds(cli, ['T-1', 'T-2', 'T-3'])).map((e) => [e.external_id, e.id]),
      );
      const byRole = Object.fromEntries(detail.lines.map((l) => [l.role, l]));
      expect(detail.lines).toHaveLength(2);
      expect(byRole.Consultant).toMatchObject({
        quantity: '11.75',
        unitPrice: '185',
        amount: { amount: '2173.75', currency: 'USD' },
        tax: { amount: { amount: '192.92' } },
      });
      // Linked by id and by the timesheet's own external ids (in id order).
      expect(byRole.Consultant!.sources).toEqual([
        { kind: 'time_entry', count: 2, ids: [ids['T-1'], ids['T-2']].sort(), externalIds: ['T-1', 'T-2'] },
      ]);
      expect(byRole['Senior Consultant']).toMatchObject({
        quantity: '3',
        amount: { amount: '720.00', currency: 'USD' },
      });
      expect(byRole['Senior Consultant']!.sources).toEqual([
        { kind: 'time_entry', count: 1, ids: [ids['T-3']], externalIds: ['T-3'] },
      ]);
      expect(detail.exceptions.map((e) => e.type)).toEqual(['unapproved_time']);
    });

    it('exits 3 with a hint when the invoice does not exist', async () => {
      const r = await cli.run('invoices', 'show', 'NOPE');
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('No invoice NOPE.');
      expect(r.stdout).toBe('');
    });

    it('exits 2 with the parser message when an option is unknown', async () => {
      const r = await cli.run('invoices', 'list', '--colour');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Unknown option '--colour'");
    });

    it('prints the lines, what they bill and the open exceptions when showing a draft as text', async () => {
      const alpha = (await listed()).items.find((i) => i.client.code === 'ALPHA')!;
      const r = await cli.run('invoices', 'show', alpha.reference);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Invoice ${alpha.reference}  [draft]`);
      expect(r.stdout).toContain('To   Alpha Corp (ALPHA)');
      expect(r.stdout).toContain('2 time entries');
      expect(r.stdout).toContain('Subtotal 2,893.75 USD   Tax 256.82 USD   Total 3,150.57 USD');
      expect(r.stdout).toContain('unapproved_time:');
    });

    it('exits 2 when --period is not a month', async () => {
      const r = await cli.run('invoices', 'list', '--period', '2026-13');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--period: a period YYYY-MM');
    });
  });

  describe('seed', () => {
    it('exits 1 and loads nothing when the database already has contracts', async () => {
      const r = await cli.run('seed', '--demo');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('The database already has contracts');
      expect(await cli.query(sql`SELECT 1 FROM clients WHERE code = 'ACME'`)).toEqual([]);
    });
  });

  describe('exceptions list', () => {
    it('lists the open unapproved-time exception of the period when asked for JSON', async () => {
      const r = await cli.run('exceptions', 'list', '--json');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as {
        items: {
          type: string;
          status: string;
          client: string;
          contract: string;
          period: string;
          severity: string;
          details: Record<string, unknown>;
        }[];
        total: number;
      };
      expect(out.total).toBe(1);
      expect(out.items).toHaveLength(1);
      expect(out.items[0]).toMatchObject({
        type: 'unapproved_time',
        status: 'open',
        severity: 'warning',
        client: 'ALPHA',
        contract: 'SOW-ALPHA-01',
        period: '2026-10',
      });
    });

    it('exits 2 when the status filter is not a known status', async () => {
      const r = await cli.run('exceptions', 'list', '--status', 'closed');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--status:');
    });

    it('exits 2 naming --type when the type filter is not an exception type', async () => {
      const r = await cli.run('exceptions', 'list', '--type', 'bogus');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--type:');
    });
  });
});
