import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { grantApproval } from '../../tools/approvals/grant-approval.ts';
import { addCliUsers, createCliDatabase, type CliDatabase } from '../../../test/helpers/cli.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const bundle = {
  legalEntities: [
    { code: 'DOC-US', name: 'Test Advisory Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'DOC-' },
  ],
  clients: [{ code: 'ALPHA', legalEntity: 'DOC-US', name: 'Alpha Corp', country: 'US' }],
  people: [{ code: 'D001', name: 'Dana One', role: 'Senior Consultant', legalEntity: 'DOC-US' }],
  contracts: [
    {
      code: 'SOW-ALPHA-07',
      client: 'ALPHA',
      name: 'Alpha rollout',
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2026-01-01',
      taxJurisdiction: 'US',
      rateCard: [{ role: 'Senior Consultant', rate: '240.00', effectiveFrom: '2026-01-01' }],
      projects: [{ code: 'ALPHA-07-P1', name: 'Alpha delivery' }],
    },
  ],
};

const SOW = `STATEMENT OF WORK No. 7 under the Master Services Agreement

This Statement of Work is entered into between Alpha Corp ("Client") and Test Advisory Inc. ("Consultant"), effective 1 January 2026.

1. Fees. Services are billed on a time and materials basis in US dollars (USD). The hourly rate for the Senior Consultant role is $260.00 per hour.
2. Purchase order. All invoices must quote Purchase Order PO-77812.
`;

describe('billing-copilot documents add | apply-terms', () => {
  let cli: CliDatabase;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let documentId = '';

  const as = (who: string | null, ...argv: string[]) => cli.runAs(who && (keys[who] ?? who), ...argv);
  const contractRow = async () =>
    (
      await cli.query<{ po: string | null; rates: string }>(sql`
    SELECT c.po_number AS po, string_agg(r.role || ' ' || r.rate::text || ' from ' || r.effective_from::text, '; ' ORDER BY r.effective_from) AS rates
    FROM contracts c JOIN rate_card_entries r ON r.contract_id = c.id WHERE c.code = 'SOW-ALPHA-07' GROUP BY c.po_number`)
    )[0]!;

  beforeAll(async () => {
    cli = await createCliDatabase();
    expect((await cli.run('import', 'contracts', await cli.file('bundle.json', JSON.stringify(bundle)))).code).toBe(0);
    await addCliUsers(
      cli,
      [
        ['clerk', 'billing_clerk'],
        ['ctl', 'controller'],
      ],
      'test.example',
      { keys, ids },
    );
  });
  afterAll(async () => cli?.close());

  it('stores a document once, extracts its terms and opens a mismatch exception when it differs from the contract', async () => {
    const file = await cli.file('sow-7.txt', SOW);
    expect(await cli.run('documents', 'add', file)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Set BILLING_COPILOT_API_KEY/),
    });
    const r = await as('clerk', 'documents', 'add', file, '--contract', 'SOW-ALPHA-07');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Status: done, terms by the builtin extractor/);
    expect(r.stdout).toMatch(/PO (PO-)?77812/);
    expect(r.stdout).toMatch(
      /differs from the contract in \d+ field\(s\): a contract_terms_mismatch exception is open/,
    );
    documentId = UUID.exec(r.stdout)![0];
    const open = await cli.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM exceptions WHERE type = 'contract_terms_mismatch' AND status = 'open'`,
    );
    expect(open[0]!.n).toBe(1);

    const stored = await cli.query<{ actor: string }>(
      sql`SELECT actor_id::text AS actor FROM audit_log WHERE action = 'document.upload'`,
    );
    expect(stored).toEqual([{ actor: ids.clerk }]);
    const again = await as('clerk', 'documents', 'add', file, '--contract', 'SOW-ALPHA-07');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Document ${documentId}`);
    expect(again.stdout).toContain('already stored, not processed again');
    expect((await cli.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM documents`))[0]!.n).toBe(1);
  });

  it('refuses an empty file, an unknown contract and a missing file with nothing stored', async () => {
    expect(await as('clerk', 'documents', 'add', await cli.file('empty.txt', ''))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Nothing was stored/),
    });
    expect(
      await as(
        'clerk',
        'documents',
        'add',
        await cli.file('x.txt', SOW.replace('PO-77812', 'PO-1')),
        '--contract',
        'NOPE',
      ),
    ).toMatchObject({ code: 3, stderr: expect.stringMatching(/no contract "NOPE"/) });
    expect((await as('clerk', 'documents', 'add', `${cli.dir}/missing.pdf`)).code).toBe(3);
    expect((await cli.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM documents`))[0]!.n).toBe(1);
  });

  it('previews what applying writes, with the quote, and changes nothing', async () => {
    const before = await contractRow();
    const p = await as('clerk', 'documents', 'apply-terms', documentId, '--preview');
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/to contract SOW-ALPHA-07 would write:/);
    expect(p.stdout).toMatch(/poNumber\s+\(none\)\s+(PO-)?77812/);
    expect(p.stdout).toMatch(/rates\s+Senior Consultant\s+240\.00\s+260\.00\s+2026-01-01/);
    expect(p.stdout).toMatch(/A controller approves termsHash [0-9a-f]{64}/);
    expect(await contractRow()).toEqual(before);
  });

  it('needs a key from the environment and valid options', async () => {
    expect(await as(null, 'documents', 'apply-terms', documentId)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Set BILLING_COPILOT_API_KEY/),
    });
    expect(await as('clerk', 'documents', 'apply-terms', 'not-a-uuid')).toMatchObject({ code: 2 });
    expect(await as('clerk', 'documents', 'apply-terms', documentId, '--fields', 'poNumber,colour')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/not colour/),
    });
    expect(await as('clerk', 'documents', 'apply-terms', documentId, '--bogus')).toMatchObject({ code: 2 });
    expect(await as(`bc_${'x'.repeat(43)}`, 'documents', 'apply-terms', documentId)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is not valid/),
    });
  });

  it('opens the approval request, writes once a controller granted it, and a second run writes nothing more', async () => {
    const asked = await as('clerk', 'documents', 'apply-terms', documentId, '--fields', 'poNumber,rates');
    expect(asked.code, asked.stderr).toBe(5);
    const requestId = /Request ([0-9a-f-]{36}) is open/.exec(asked.stdout)![1]!;
    expect((await contractRow()).po).toBeNull();

    // The requester cannot approve their own request; another person, a controller, can.
    const database = await openDatabase(
      cli.env.DATABASE_URL
        ? { databaseUrl: cli.env.DATABASE_URL, poolSize: 1 }
        : { dataDir: cli.env.BILLING_DATA_DIR! },
    );
    try {
      const granted = await grantApproval(
        database,
        {
          actor: { userId: ids.ctl!, roles: ['controller'], entityIds: null, onBehalfOf: null },
          correlationId: 't',
          now: new Date(),
        },
        { requestId },
      );
      expect(granted.ok, JSON.stringify(granted)).toBe(true);
    } finally {
      await database.close();
    }

    const applied = await as('clerk', 'documents', 'apply-terms', documentId, '--fields', 'poNumber,rates');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Applied to contract SOW-ALPHA-07:/);
    expect(await contractRow()).toMatchObject({
      po: expect.stringMatching(/^(PO-)?77812$/),
      rates: expect.stringMatching(/^Senior Consultant 260(\.0+)? from 2026-01-01$/),
    });
    const audit = await cli.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'contract.apply_extracted_terms'`,
    );
    expect(audit[0]!.n).toBe(1);

    const twice = await as('clerk', 'documents', 'apply-terms', documentId, '--fields', 'poNumber,rates');
    expect(twice).toMatchObject({ code: 0, stdout: 'Already applied to contract SOW-ALPHA-07: nothing written.\n' });
    const after = await cli.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'contract.apply_extracted_terms'`,
    );
    expect(after[0]!.n).toBe(1);
  });
});
