import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { billingExceptions, invoiceLines, invoices, retainerPeriods } from '../../src/db/schema/index.ts';
import { contractBundleSchema } from '../../src/billing/inputs/contract-bundle.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { addTime, bill, loadFirm, smallFirm } from '../helpers/firm.ts';

/** A retainer of 10,000.00 a month for 40 h, overage 250.00/h, rollover up to 10 h, tolerance 25% (10 h). */
function retainerFirm() {
  const base = smallFirm();
  return contractBundleSchema.parse({
    ...base,
    contracts: [
      {
        code: 'R1',
        client: 'CL1',
        name: 'Advisory retainer',
        models: ['retainer'],
        currency: 'USD',
        startDate: '2026-01-01',
        taxJurisdiction: 'US',
        retainer: {
          fee: '10000.00',
          includedHours: '40',
          overageRate: '250.00',
          rolloverMaxHours: '10',
          overageTolerancePercent: '25',
        },
        projects: [{ code: 'R1-P', name: 'Retainer work' }],
      },
    ],
  });
}

const linesOf = async (database: Database, period: string) => {
  const [inv] = await database.db.select().from(invoices).where(eq(invoices.period, period));
  const lines = await database.db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, inv!.id))
    .orderBy(asc(invoiceLines.lineNo));
  return {
    inv: inv!,
    lines: lines.map((l) => ({ kind: l.kind, quantity: l.quantity, amount: l.amountMinor, held: l.held })),
  };
};

describe('a retainer over three months', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database, retainerFirm());
  });
  afterEach(async () => database.close());

  it('rolls unused hours into the next month, bills overage in arrears and holds overage above tolerance', async () => {
    // September: 32 h used of 40 -> 8 h roll over, no overage.
    for (let d = 1; d <= 4; d++)
      await addTime(database, { person: 'SAM', project: 'R1-P', date: `2026-09-0${d}`, hours: '8.00' });
    await bill(database, '2026-09');
    const sep = await linesOf(database, '2026-09');
    expect(sep.inv.totalMinor).toBe(1_000_000n); // the fee, billed in advance
    const [sepState] = await database.db.select().from(retainerPeriods).where(eq(retainerPeriods.period, '2026-09'));
    expect(sepState!.rolloverOutHours).toBe('8.00');

    // October: 52 h against 8 rollover + 40 included = 4 h overage x 250.00 = 1,000.00, within the 10 h tolerance.
    for (let d = 1; d <= 6; d++)
      await addTime(database, { person: 'SAM', project: 'R1-P', date: `2026-10-0${d}`, hours: '8.00' });
    await addTime(database, { person: 'ANA', project: 'R1-P', date: '2026-10-07', hours: '4.00' });
    await bill(database, '2026-10');
    const oct = await linesOf(database, '2026-10');
    expect(oct.inv.totalMinor).toBe(1_100_000n);
    expect(oct.lines.find((l) => l.kind === 'retainer_overage')).toMatchObject({
      quantity: '4.000000',
      amount: 100_000n,
      held: false,
    });

    // November: 56 h against 0 rollover + 40 = 16 h overage, above the 10 h tolerance: held for approval.
    for (let d = 2; d <= 8; d++)
      await addTime(database, { person: 'SAM', project: 'R1-P', date: `2026-11-0${d}`, hours: '8.00' });
    await bill(database, '2026-11');
    const nov = await linesOf(database, '2026-11');
    expect(nov.inv.totalMinor).toBe(1_000_000n); // the fee only; 16 h x 250.00 = 4,000.00 held
    expect(nov.inv.heldMinor).toBe(400_000n);
    // Issue 11: the overage hold holds its line only, so the month's fee can go out (the draft is not held).
    expect(nov.inv.held).toBe(false);
    const ex = await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'retainer_overage'));
    expect(ex.map((e) => [e.period, e.holdScope])).toEqual([['2026-11', 'line']]);
  });
});
