import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../client.ts';
import { invoices } from '../schema/index.ts';
import { getInvoiceDetail } from './invoice-queries.ts';
import { invoiceDetailView } from '../views/invoice-views.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { addTime, bill, loadFirm } from '../../../test/helpers/firm.ts';

describe('invoice detail: what each line bills', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
  });
  afterEach(async () => database.close());

  it('counts every time entry of a line and shows the first 50 by id, each with its own external id', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) {
      const day = String(1 + (i % 30)).padStart(2, '0');
      ids.push(
        await addTime(database, {
          person: 'ANA',
          project: 'C1-P',
          date: `2026-10-${day}`,
          hours: '0.25',
          externalId: `TS-${String(i).padStart(3, '0')}`,
        }),
      );
    }
    await addTime(database, { person: 'SAM', project: 'C1-P', date: '2026-10-05', hours: '1.00' });
    await bill(database, '2026-10');
    const [inv] = await database.db.select().from(invoices);
    const view = invoiceDetailView((await getInvoiceDetail(database.db, inv!.id))!);
    const ana = view.lines.find((l) => l.sources.some((s) => s.count === 60))!;
    const [time] = ana.sources;
    expect(time).toMatchObject({ kind: 'time_entry', count: 60 });
    const shown = [...ids].sort((a, b) => a - b).slice(0, 50);
    expect(time!.ids).toEqual(shown.map(String));
    // Entry ids were given in the order of their external ids, so the first 50 of each line up.
    expect(time!.externalIds).toEqual(shown.map((_, i) => `TS-${String(i).padStart(3, '0')}`));
    const sam = view.lines.find((l) => l !== ana)!;
    expect(sam.sources).toEqual([
      { kind: 'time_entry', count: 1, ids: [expect.any(String)], externalIds: [expect.any(String)] },
    ]);
  });
});
