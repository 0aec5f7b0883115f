import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../client.ts';
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

  /**
   * The detail is a named prepared statement (on PostgreSQL per connection, on the embedded server per
   * socket connection too, src/db/embedded/pglite-worker.mjs): read again and again it answers the same,
   * also once the planner keeps a generic plan (after five reads), and after a re-draft it answers the
   * new lines, not the plan's or the statement's past.
   */
  const readsStayTrue = async (db: Database) => {
    await loadFirm(db);
    for (let i = 0; i < 55; i++)
      await addTime(db, {
        person: 'ANA',
        project: 'C1-P',
        date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
        hours: '0.50',
        externalId: `RD-${String(i).padStart(3, '0')}`,
      });
    await addTime(db, { person: 'SAM', project: 'C1-P', date: '2026-10-06', hours: '2.00' });
    await bill(db, '2026-10');
    const [inv] = await db.db.select().from(invoices);
    const read = async () => JSON.stringify(invoiceDetailView((await getInvoiceDetail(db.db, inv!.id))!));
    const first = await read();
    const counts = (json: string) =>
      (JSON.parse(json) as { lines: { sources: { kind: string; count: number; externalIds?: string[] }[] }[] }).lines
        .flatMap((l) => l.sources)
        .map((s) => `${s.kind}:${s.count}:${s.externalIds?.[0] ?? ''}`)
        .sort();
    expect(counts(first)).toEqual([expect.stringMatching(/^time_entry:1:T-/), 'time_entry:55:RD-000']);
    for (let i = 0; i < 9; i++) expect(await read()).toBe(first);
    // Five more entries for ANA, billed again: the draft is rewritten with a 60-entry line.
    for (let i = 55; i < 60; i++)
      await addTime(db, {
        person: 'ANA',
        project: 'C1-P',
        date: '2026-10-29',
        hours: '0.25',
        externalId: `RD-${String(i).padStart(3, '0')}`,
      });
    await bill(db, '2026-10');
    const [again] = await db.db.select().from(invoices);
    expect(again!.id).toBe(inv!.id);
    const after = await read();
    expect(after).not.toBe(first);
    expect(counts(after)).toContain('time_entry:60:RD-000');
    for (let i = 0; i < 3; i++) expect(await read()).toBe(after);
  };

  it('answers the same read after read, and the new lines after a re-draft', async () => {
    await readsStayTrue(database);
  });

  it('does the same through the embedded server, whose connections keep named statements', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'bc-detail-'));
    const served = await openDatabase({
      dataDir: path.join(folder, 'data'),
      serve: true,
      holder: { role: 'server', command: 'test' },
    });
    try {
      await migrateDatabase(served);
      await readsStayTrue(served);
    } finally {
      await served.close();
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
