import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { parseTimeEntriesCsv } from '../../src/billing/inputs/parse-time-entries-csv.ts';
import { contracts, invoices } from '../../src/db/schema/index.ts';
import { insertResolvedTimeEntries, resolveTimeEntries, sequenceIds } from '../../src/db/stores/time-entry-store.ts';
import { call, createTestUsers, testApp } from '../helpers/api.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';
import { bill, loadFirm, smallFirm } from '../helpers/firm.ts';

type Line = {
  description: string;
  quantity: string;
  unit: string;
  amount: { amount: string };
  sources: { kind: string; ids: string[]; externalIds?: string[] }[];
};

/**
 * Issue 11: a timesheet system that exports a week per row, imported as `import time-entries` reads
 * it, and invoice lines a client can read. Worked numbers: Sam's week W-41, 30 h from Monday 5 to
 * Sunday 11 October, becomes 6 h on each of the five working days; at his person rate of 250.00 a
 * hour that is 7,500.00; Ana's 4 h at the Analyst rate 140.00 is 560.00; total 8,060.00 USD (US tax 0 %).
 */
describe(`a week's total as one row, billed on lines that name the person and the timesheet's ids, on ${backend}`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    const firm = smallFirm();
    firm.contracts[0]!.rateCard.push({
      role: 'Senior Consultant',
      person: 'SAM',
      rate: '250.00',
      unit: 'hour',
      effectiveFrom: '2026-01-01',
    });
    await loadFirm(database, firm);
  });
  afterEach(async () => database.close());

  const importCsv = async (text: string) => {
    const { rows, errors } = parseTimeEntriesCsv(text);
    expect(errors).toEqual([]);
    return database.db.transaction(async (tx) => {
      const resolved = await resolveTimeEntries(tx, rows, await sequenceIds(tx, rows.length), new Date());
      if (resolved.errors.length === 0) await tx.execute(insertResolvedTimeEntries(resolved.values)(sql`true`));
      return resolved;
    });
  };

  it("bills the week as five days of 6 h, on a line that reads the person's name and links to W-41's days", async () => {
    const imported = await importCsv(
      [
        'external_id,person,project,date,date_to,hours,status,approved_by',
        'W-41,SAM,C1-P,2026-10-05,2026-10-11,30,approved,pm@test.example',
        'T-7,ANA,C1-P,2026-10-06,,4,approved,pm@test.example',
      ].join('\n'),
    );
    expect(imported.errors).toEqual([]);
    expect(imported.values.map((v) => [v.externalId, v.workDate, v.hours])).toEqual([
      ...['05', '06', '07', '08', '09'].map((d) => [`W-41:2026-10-${d}`, `2026-10-${d}`, '6']),
      ['T-7', '2026-10-06', '4'],
    ]);

    await bill(database, '2026-10');
    const [c1] = await database.db.select().from(contracts).where(eq(contracts.code, 'C1'));
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.contractId, c1!.id));
    expect(inv).toMatchObject({ totalMinor: 806_000n });
    const users = await createTestUsers(database, 'LE-US');
    const view = await call<{ lines: Line[] }>(testApp(database), 'GET', `/invoices/${inv!.id}`, {
      key: users.key.controller,
    });
    const sam = view.body.lines.find((l) => l.description.includes('Sam Senior'))!;
    expect(sam).toMatchObject({
      description: 'Time: Senior Consultant (Sam Senior, person rate), rate from 2026-01-01',
      quantity: '30',
      amount: { amount: '7500.00' },
    });
    expect(sam.description).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(sam.sources[0]!.externalIds).toEqual(['05', '06', '07', '08', '09'].map((d) => `W-41:2026-10-${d}`));
    expect(view.body.lines.find((l) => l.description.startsWith('Time: Analyst'))!.sources[0]!.externalIds).toEqual([
      'T-7',
    ]);
  });

  it('keeps the bound per person and day: 20 h more for Sam on Monday of the week is refused, naming the line', async () => {
    await importCsv(
      ['external_id,person,project,date,date_to,hours,status', 'W-41,SAM,C1-P,2026-10-05,2026-10-09,30,submitted'].join(
        '\n',
      ),
    );
    const again = await importCsv(
      ['external_id,person,project,date,hours,status', 'T-8,SAM,C1-P,2026-10-05,20,submitted'].join('\n'),
    );
    expect(again.errors).toEqual([
      expect.objectContaining({
        line: 2,
        code: 'DAILY_HOURS_EXCEEDED',
        message: 'hours: SAM would have 26.00 hours on 2026-10-05, more than 24 in one day (6.00 already recorded)',
      }),
    ]);
  });
});
