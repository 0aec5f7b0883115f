import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { contractBundleSchema } from '../../src/billing/inputs/contract-bundle.ts';
import { contracts, invoiceLines, invoices, usageRecords } from '../../src/db/schema/index.ts';
import { upsertBundle } from '../../src/db/stores/master-data.ts';
import { createCliDatabase, type CliDatabase } from '../helpers/cli.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';
import { bill } from '../helpers/firm.ts';

/**
 * Issue 11: usage tiers as a SOW writes them, "1-50,000 at 0.30, 50,001 and above at 0.25", imported in
 * that inclusive form. Worked numbers: 60,000 calls in two records (45,000 then 15,000, the second
 * straddling the boundary) = 50,000 × 0.30 = 15,000.00 + 10,000 × 0.25 = 2,500.00 = 17,500.00 USD.
 */
const bundle = (tiers: unknown[]) => ({
  legalEntities: [
    { code: 'LE-US', name: 'Test Advisory Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'TUS-' },
  ],
  taxRates: [{ jurisdiction: 'US', category: 'standard', ratePercent: '0', validFrom: '2020-01-01' }],
  clients: [{ code: 'API', legalEntity: 'LE-US', name: 'Api Co', country: 'US' }],
  contracts: [
    {
      code: 'SOW-API',
      client: 'API',
      name: 'API platform',
      models: ['usage'],
      currency: 'USD',
      startDate: '2026-01-01',
      taxJurisdiction: 'US',
      usage: { unit: 'API call', tiers },
      projects: [{ code: 'API-P', name: 'API' }],
    },
  ],
});
const SOW_TIERS = [
  { first: '1', last: '50000', unitPrice: '0.30' },
  { first: '50001', last: null, unitPrice: '0.25' },
];

describe(`usage tiers written as a SOW writes them, on ${backend}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.close());

  it('bills 60,000 calls as 15,000.00 + 2,500.00 = 17,500.00 USD, and the straddling record feeds both tier lines', async () => {
    await database.db.transaction((tx) => upsertBundle(tx, contractBundleSchema.parse(bundle(SOW_TIERS))));
    const [c] = await database.db.select().from(contracts).where(eq(contracts.code, 'SOW-API'));
    expect(c!.usageTerms!.tiers).toEqual([
      { from: '0', upTo: '50000', unitPrice: '0.30' },
      { from: '50000', upTo: null, unitPrice: '0.25' },
    ]);
    const [a, b] = await database.db
      .insert(usageRecords)
      .values([
        { eventKey: 'u-1', contractId: c!.id, occurredOn: '2026-10-10', quantity: '45000' },
        { eventKey: 'u-2', contractId: c!.id, occurredOn: '2026-10-20', quantity: '15000' },
      ])
      .returning();
    await bill(database, '2026-10');
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.contractId, c!.id));
    expect(inv).toMatchObject({ subtotalMinor: 1_750_000n, totalMinor: 1_750_000n });
    const lines = await database.db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, inv!.id))
      .orderBy(asc(invoiceLines.lineNo));
    expect(lines.map((l) => [Number(l.quantity), l.unitPrice.replace(/0+$/, ''), l.amountMinor])).toEqual([
      [50000, '0.3', 1_500_000n],
      [10000, '0.25', 250_000n],
    ]);
    const links =
      await database.db.execute(sql`SELECT usage_record_id::int AS record, l.line_no FROM invoice_line_usage_shares s
      JOIN invoice_lines l ON l.id = s.line_id ORDER BY 1, 2`);
    const rows = (links as unknown as { rows?: unknown[] }).rows ?? (links as unknown as unknown[]);
    expect(rows).toEqual([
      { record: a!.id, line_no: lines[0]!.lineNo },
      { record: b!.id, line_no: lines[0]!.lineNo },
      { record: b!.id, line_no: lines[1]!.lineNo },
    ]);
  });
});

describe(`import contracts with usage tiers that leave a gap, on ${backend}`, () => {
  let cli: CliDatabase;
  beforeAll(async () => {
    cli = await createCliDatabase();
    expect((await cli.run('db', 'migrate')).code).toBe(0);
  });
  afterAll(async () => cli?.close());

  it('exits 1 naming the tier and writes nothing', async () => {
    const file = await cli.file(
      'gap.json',
      JSON.stringify(bundle([SOW_TIERS[0], { first: '50002', last: null, unitPrice: '0.25' }])),
    );
    const r = await cli.run('import', 'contracts', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${file}: contracts.0.usage.tiers.1.first: usage tier 2 starts at unit 50002 but tier 1 ends at unit 50000: a gap (units in no tier); each tier starts right after the one before\nNothing was imported.\n`,
    );
    expect(await cli.query(sql`SELECT code FROM contracts`)).toEqual([]);
  });

  it('imports the inclusive form', async () => {
    const file = await cli.file('ok.json', JSON.stringify(bundle(SOW_TIERS)));
    const r = await cli.run('import', 'contracts', file);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(await cli.query(sql`SELECT usage_terms -> 'tiers' AS tiers FROM contracts`)).toEqual([
      {
        tiers: [
          { from: '0', upTo: '50000', unitPrice: '0.30' },
          { from: '50000', upTo: null, unitPrice: '0.25' },
        ],
      },
    ]);
  });
});
