import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../client.ts';
import { runScript } from '../script.ts';
import { billingExceptions, invoiceLines, invoices } from '../schema/index.ts';
import { billingRunStore } from './billing-run-store.ts';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { fixedClock } from '../../shared/clock.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { addTime, bill, loadFirm, smallFirm } from '../../../test/helpers/firm.ts';

/** What an invoice bills, in a form two runs can be compared by. */
async function snapshot(database: Database, invoiceId: string) {
  return queryRows(
    database.db,
    sql`SELECT l.line_no, l.line_key, l.amount_minor::text, l.parent_line_id IS NOT NULL AS has_parent,
          (SELECT array_agg(t.time_entry_id ORDER BY t.time_entry_id)::text FROM invoice_line_time_entries t WHERE t.line_id = l.id) AS entries
        FROM invoice_lines l WHERE l.invoice_id = ${invoiceId} ORDER BY l.line_no`,
  );
}

describe('draft writer: one script per draft', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.close());

  it('runs a script all or nothing, keeping quotes, backslashes and $n in values as written', async () => {
    await database.db.execute(sql`CREATE TABLE script_probe (v text PRIMARY KEY)`);
    const tricky = [`O'Brien; DROP TABLE script_probe; --`, 'C:\\path\\to\\n', 'costs $1 and $2', 'Zürich €5'];
    await runScript(
      database.db,
      tricky.map((v) => sql`INSERT INTO script_probe (v) VALUES (${v})`),
    );
    const rows = await queryRows<{ v: string }>(database.db, sql`SELECT v FROM script_probe ORDER BY v`);
    expect(rows.map((r) => r.v).sort()).toEqual([...tricky].sort());
    // The second statement fails on the primary key: the first, already run, is undone with it.
    await expect(
      runScript(database.db, [
        sql`INSERT INTO script_probe (v) VALUES (${'new value'})`,
        sql`INSERT INTO script_probe (v) VALUES (${tricky[0]!})`,
      ]),
    ).rejects.toThrow();
    const after = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM script_probe`);
    expect(after[0]!.n).toBe(tricky.length);
  });

  it('gives back every text, number and date exactly as written into a script (property)', async () => {
    await database.db.execute(
      sql`CREATE TABLE script_values (k int PRIMARY KEY, t text, n numeric, b bigint, d timestamptz)`,
    );
    // Any Unicode text but NUL (which PostgreSQL text cannot hold, and sqlLiteral refuses).
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\0', ''));
    const withMarks = fc.oneof(text, fc.constantFrom("'", "''", '\\', "\\'", '$1', '$$', '$bc$', "E'x'", ';--'));
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            withMarks,
            fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
            fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2200-12-31') }),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        async (rows) => {
          const keys = rows.map(() => ++k);
          await runScript(
            database.db,
            rows.map(
              ([t, b, d], i) => sql`INSERT INTO script_values VALUES (${keys[i]}, ${t}, ${`${b}.5`}, ${b}, ${d})`,
            ),
          );
          const back = await queryRows<{ t: string; n: string; b: string; d: Date | string }>(
            database.db,
            sql`SELECT t, n::text AS n, b::text AS b, d FROM script_values WHERE k >= ${keys[0]} ORDER BY k`,
          );
          expect(back.map((r) => [r.t, r.n, r.b, new Date(r.d).toISOString()])).toEqual(
            rows.map(([t, b, d]) => [t, `${b}.5`, String(b), d.toISOString()]),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('writes the same lines and links when a draft is regenerated', async () => {
    await loadFirm(database);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.50' });
    await addTime(database, { person: 'SAM', project: 'C1-P', date: '2026-10-06', hours: '6.00' });
    await bill(database, '2026-10');
    const [inv] = await database.db.select().from(invoices);
    const first = await snapshot(database, inv!.id);
    expect(first.length).toBe(2);
    expect(first.every((l) => typeof l.entries === 'string' && l.entries.length > 2)).toBe(true);
    await bill(database, '2026-10');
    expect(await snapshot(database, inv!.id)).toEqual(first);
  });

  it('leaves a draft that left draft status while the run rated it untouched, and counts a conflict', async () => {
    await loadFirm(database);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.50' });
    await bill(database, '2026-10');
    const [inv] = await database.db.select().from(invoices);
    const before = await snapshot(database, inv!.id);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-07', hours: '2.00' });
    const store = billingRunStore(database);
    const r = await runBilling(
      {
        ...store,
        writeDraft: async (input) => {
          // Someone submits the draft between the run's read and its write.
          await database.db.update(invoices).set({ status: 'pending_approval' }).where(eq(invoices.id, inv!.id));
          return store.writeDraft(input);
        },
      },
      fixedClock('2026-11-25T12:00:00Z'),
      { period: '2026-10' },
    );
    expect(r.ok && r.value.conflicts).toBe(1);
    expect(await snapshot(database, inv!.id)).toEqual(before);
    const [after] = await database.db.select().from(invoices).where(eq(invoices.id, inv!.id));
    expect(after!.status).toBe('pending_approval');
    expect(after!.totalMinor).toBe(inv!.totalMinor);
  });

  it('points the cap exception at the held line and the held line at its parent, on every run', async () => {
    // 1,000.00 USD cap: 10 h of Ana at 140.00 bill 999.60 (7.14 h) and hold 400.40, split inside one entry.
    const bundle = smallFirm();
    bundle.contracts[0]!.notToExceed = '1000.00';
    await loadFirm(database, bundle);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '6.00' });
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-06', hours: '4.00' });
    for (let run = 0; run < 2; run++) {
      await bill(database, '2026-10');
      const lines = await database.db.select().from(invoiceLines).orderBy(invoiceLines.lineNo);
      const held = lines.filter((l) => l.held);
      expect(held).toHaveLength(1);
      // The held hours are part of an entry the first line bills: the held line points to that line.
      expect(held[0]!.parentLineId).toBe(lines.find((l) => !l.held)!.id);
      const [cap] = await database.db
        .select()
        .from(billingExceptions)
        .where(eq(billingExceptions.type, 'cap_exceeded'));
      expect(cap!.invoiceLineId).toBe(held[0]!.id);
      expect(cap!.status).toBe('open');
    }
  });
});
