import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { addTime, bill, loadFirm, smallFirm } from '../../../test/helpers/firm.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../client.ts';
import { rateCardEntries } from '../schema/index.ts';
import { upsertBundle } from './master-data.ts';

describe(`upsertBundle rate cards (import contracts), on ${backend}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
  });
  afterEach(async () => database.close());

  const withAnalystAt = (rate: string) => {
    const firm = smallFirm();
    firm.contracts[0]!.rateCard[0] = { ...firm.contracts[0]!.rateCard[0]!, rate };
    return firm;
  };
  const rates = () =>
    database.db
      .select({ id: rateCardEntries.id, role: rateCardEntries.role, rate: rateCardEntries.rate })
      .from(rateCardEntries)
      .orderBy(rateCardEntries.role);

  it('keeps the rows of rates the file leaves as they are, so invoice lines still point at them', async () => {
    const before = await rates();
    await database.db.transaction((tx) => upsertBundle(tx, smallFirm()));
    expect(await rates()).toEqual(before);
  });

  it('refuses to change a rate an issued invoice billed, naming the contract and role, and changes it while only drafts bill it', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '8' });
    await bill(database, '2026-10');
    // Only a draft bills it: the rate changes (the next run re-rates the draft).
    await database.db.transaction((tx) => upsertBundle(tx, withAnalystAt('145.00')));
    expect((await rates()).map((r) => [r.role, r.rate])).toEqual([
      ['Analyst', '145.000000'],
      ['Senior Consultant', '240.000000'],
    ]);
    await bill(database, '2026-10');
    await database.db.execute(sql`UPDATE invoices SET status = 'approved'`);
    const refused = database.db.transaction((tx) => upsertBundle(tx, withAnalystAt('150.00')));
    await expect(refused).rejects.toMatchObject({
      code: 'RATE_ALREADY_INVOICED',
      details: { contract: 'C1', roles: ['Analyst'] },
      message: expect.stringContaining(
        'the file changes or drops the Analyst rate of C1, which 1 issued invoice(s) billed',
      ),
    });
    expect((await rates()).map((r) => r.rate)).toEqual(['145.000000', '240.000000']);
    const [analyst] = await database.db.select().from(rateCardEntries).where(eq(rateCardEntries.role, 'Analyst'));
    expect(analyst!.rate).toBe('145.000000');
  });
});
