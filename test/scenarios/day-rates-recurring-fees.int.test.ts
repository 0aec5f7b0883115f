import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { contractBundleSchema } from '../../src/billing/inputs/contract-bundle.ts';
import { contracts, invoiceLines, invoices, rateCardEntries } from '../../src/db/schema/index.ts';
import { upsertBundle } from '../../src/db/stores/master-data.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';
import { addTime, bill } from '../helpers/firm.ts';

/**
 * Issue 11: a Tokyo engagement billed "2.5 days at 180,000 JPY" plus "1,200,000 JPY per month", with
 * 10 % consumption tax, written as the `import contracts` file carries it (day unit on the rate card,
 * hours per day on the contract, a recurring fee). Worked numbers:
 *   October: 8 h + 10 h + 2 h = 20 h at 8 h a day = 2.5 days × 180,000 = 450,000
 *            + monthly fee 1,200,000 = 1,650,000; tax 10 % = 165,000; total 1,815,000 JPY.
 *   The same hours with long days capped: 8 h + 8 h + 2 h = 2.25 days = 405,000; + 1,200,000 = 1,605,000; total 1,765,500.
 *   September (the fee starts 2026-09-14, prorated): 17 of 30 days × 1,200,000 = 680,000; tax 68,000; total 748,000.
 */
const file = (longDays: 'pro_rata' | 'cap') => ({
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
      endDate: '2027-03-31',
      taxJurisdiction: 'JP',
      hoursPerDay: '8',
      longDays,
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
  ],
});

describe(`day rates and a monthly fee on one JPY invoice, on ${backend}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    expect((await verifyAudit(database.db)).ok).toBe(true);
    await database.close();
  });

  const load = async (longDays: 'pro_rata' | 'cap') => {
    const bundle = contractBundleSchema.parse(JSON.parse(JSON.stringify(file(longDays))));
    await database.db.transaction((tx) => upsertBundle(tx, bundle));
    for (const [date, hours] of [
      ['2026-10-05', '8'],
      ['2026-10-06', '10'],
      ['2026-10-07', '2'],
    ] as const) {
      await addTime(database, { person: 'KEN', project: 'LUMEN-P1', date, hours });
    }
  };
  const invoiceOf = async (period: string) => {
    const [c] = await database.db.select().from(contracts).where(eq(contracts.code, 'SOW-LUMEN-1'));
    const [inv] = await database.db
      .select()
      .from(invoices)
      .where(eq(invoices.contractId, c!.id))
      .then((r) => r.filter((i) => i.period === period));
    const lines = await database.db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, inv!.id))
      .orderBy(asc(invoiceLines.lineNo));
    return { inv: inv!, lines };
  };

  it('bills 2.5 days at 180,000 JPY plus the 1,200,000 JPY monthly fee: 1,650,000 + 165,000 tax = 1,815,000 JPY', async () => {
    await load('pro_rata');
    const [rate] = await database.db.select().from(rateCardEntries);
    expect(rate).toMatchObject({ unit: 'day' });
    await bill(database, '2026-10');
    const { inv, lines } = await invoiceOf('2026-10');
    expect(inv).toMatchObject({
      currency: 'JPY',
      subtotalMinor: 1_650_000n,
      taxMinor: 165_000n,
      totalMinor: 1_815_000n,
      held: false,
    });
    expect(lines.map((l) => [l.kind, l.description, Number(l.quantity), l.unit, l.amountMinor])).toEqual([
      ['recurring_fee', 'Monthly advisory fee for 2026-10 (in advance)', 1, 'month', 1_200_000n],
      ['time', 'Time: Consultant, day rate from 2026-09-14 (20 h at 8 h a day)', 2.5, 'day', 450_000n],
    ]);
    expect(lines.map((l) => l.contractTerm)).toEqual(['recurring_fees[0]', 'rate_card']);
  });

  it('bills the 10-hour day as one day when the contract caps long days: 2.25 days, 1,765,500 JPY', async () => {
    await load('cap');
    await bill(database, '2026-10');
    const { inv, lines } = await invoiceOf('2026-10');
    expect(lines.find((l) => l.kind === 'time')).toMatchObject({ quantity: '2.250000', amountMinor: 405_000n });
    expect(inv).toMatchObject({ subtotalMinor: 1_605_000n, taxMinor: 160_500n, totalMinor: 1_765_500n });
  });

  it('prorates the first month from the 14th: 17 of 30 days = 680,000 JPY + 68,000 tax, and bills it once across re-runs', async () => {
    await load('pro_rata');
    await bill(database, '2026-09');
    await bill(database, '2026-09');
    const { inv, lines } = await invoiceOf('2026-09');
    expect(lines.map((l) => [l.description, l.amountMinor, l.servicePeriodStart, l.servicePeriodEnd])).toEqual([
      [
        'Monthly advisory fee for 2026-09 (in advance, 2026-09-14 to 2026-09-30: 17 of 30 days)',
        680_000n,
        '2026-09-14',
        '2026-09-30',
      ],
    ]);
    expect(inv).toMatchObject({ subtotalMinor: 680_000n, taxMinor: 68_000n, totalMinor: 748_000n });
  });
});
