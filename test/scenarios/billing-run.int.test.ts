import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import { billingExceptions, contracts, invoiceLines, invoices } from '../../src/db/schema/index.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';
import { billingRunStore } from '../../src/db/stores/billing-run-store.ts';
import { addTime, bill, loadFirm, smallFirm } from '../helpers/firm.ts';

describe('runBilling on the database', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
  });
  afterEach(async () => database.close());

  it('drafts one invoice with the worked T&M amounts when time is approved', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.50' });
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-06', hours: '4.25' });
    await addTime(database, { person: 'SAM', project: 'C1-P', date: '2026-10-06', hours: '6.00' });
    const s = await bill(database, '2026-10');
    expect(s.invoicesWritten).toBe(1);
    const [inv] = await database.db.select().from(invoices);
    // Analyst 11.75 h x 140.00 = 1645.00; Senior 6 h x 240.00 = 1440.00; total 3085.00 USD, US services 0% tax.
    expect(inv!.subtotalMinor).toBe(308500n);
    expect(inv!.totalMinor).toBe(308500n);
    const lines = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv!.id));
    expect(lines.map((l) => [l.role, l.quantity, l.amountMinor]).sort()).toEqual([
      ['Analyst', '11.750000', 164500n],
      ['Senior Consultant', '6.000000', 144000n],
    ]);
  });

  it('writes no second invoice and the same lines when the period is run again', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.50' });
    await bill(database, '2026-10');
    const first = await database.db.select().from(invoiceLines);
    const again = await bill(database, '2026-10');
    expect(again.invoicesWritten).toBe(1); // the draft is regenerated in place
    const invs = await database.db.select().from(invoices);
    expect(invs).toHaveLength(1);
    const second = await database.db.select().from(invoiceLines);
    expect(second.map((l) => [l.lineKey, l.amountMinor])).toEqual(first.map((l) => [l.lineKey, l.amountMinor]));
    // The old lines went with their links (one statement removes both): every link is to a line of the new draft.
    const links = await queryRows<{ line_id: string; current: boolean }>(
      database.db,
      sql`SELECT l.line_id::text, il.id IS NOT NULL AS current
          FROM invoice_line_time_entries l LEFT JOIN invoice_lines il ON il.id = l.line_id`,
    );
    expect(links).toHaveLength(1);
    expect(links[0]!.current).toBe(true);
    expect(second.map((l) => String(l.id))).toContain(links[0]!.line_id);
  });

  it('writes drafts with as many writers at once as it is given on PostgreSQL, and one on PGlite', () => {
    const store = billingRunStore(database, { writeConcurrency: 1 });
    expect(store.writeConcurrency).toBe(1);
    expect(billingRunStore(database).writeConcurrency).toBe(backend === 'postgres' ? 4 : 1);
    expect(billingRunStore(database, { writeConcurrency: 3 }).writeConcurrency).toBe(backend === 'postgres' ? 3 : 1);
  });

  it('bills each time entry once when two runs of the same period race', async () => {
    for (let d = 1; d <= 20; d++)
      await addTime(database, {
        person: d % 2 ? 'ANA' : 'SAM',
        project: 'C1-P',
        date: `2026-10-${String(d).padStart(2, '0')}`,
        hours: '3.00',
      });
    const [a, b] = await Promise.all([bill(database, '2026-10'), bill(database, '2026-10')]);
    expect(a.invoicesWritten + b.invoicesWritten + a.conflicts + b.conflicts).toBeGreaterThanOrEqual(2);
    const invs = await database.db.select().from(invoices);
    expect(invs).toHaveLength(1);
    const [linked] = await queryRows<{ n: number; d: number }>(
      database.db,
      sql`SELECT count(*)::int AS n, count(DISTINCT time_entry_id)::int AS d FROM invoice_line_time_entries`,
    );
    expect(linked).toEqual({ n: 20, d: 20 });
  });

  it('leaves an invoice past draft alone and bills late-approved work in the next period', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '2.00' });
    await bill(database, '2026-10');
    await database.db.update(invoices).set({ status: 'approved', number: 'TUS-1' });
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-30', hours: '1.00' }); // approved after October was approved
    const rerun = await bill(database, '2026-10');
    expect(rerun.skippedLocked).toBe(1);
    const nov = await bill(database, '2026-11');
    expect(nov.invoicesWritten).toBe(1);
    const [novInv] = await database.db.select().from(invoices).where(eq(invoices.period, '2026-11'));
    expect(novInv!.subtotalMinor).toBe(14000n); // the straggling hour at 140.00
  });

  it('refuses a second link of a billed time entry in the database itself', async () => {
    const id = await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '2.00' });
    await bill(database, '2026-10');
    const [line] = await database.db.select().from(invoiceLines);
    await expect(
      database.db.execute(
        sql`INSERT INTO invoice_line_time_entries (time_entry_id, line_id) VALUES (${id}, ${line!.id})`,
      ),
    ).rejects.toThrow();
  });

  it('refuses a second standard invoice for the same contract, period and currency in the database', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '2.00' });
    await bill(database, '2026-10');
    const [inv] = await database.db.select().from(invoices);
    const { id: _id, number: _n, ...copy } = inv!;
    await expect(database.db.insert(invoices).values(copy)).rejects.toThrow();
  });

  it('closes a missing-PO exception by itself when the PO arrives and the period is run again', async () => {
    const bundle = smallFirm();
    bundle.clients[0]!.poRequired = true;
    await loadFirm(database, bundle);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '2.00' });
    await bill(database, '2026-10');
    const [open] = await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'missing_po'));
    expect(open!.status).toBe('open');
    const [held] = await database.db.select().from(invoices);
    expect(held!.held).toBe(true);
    await database.db.update(contracts).set({ poNumber: 'PO-123' });
    await bill(database, '2026-10');
    const [closed] = await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'missing_po'));
    expect(closed!.status).toBe('resolved');
    expect(closed!.resolutionCode).toBe('cleared_on_rerun');
    const [released] = await database.db.select().from(invoices);
    expect(released!.held).toBe(false);
    expect(released!.poNumber).toBe('PO-123');
  });

  it('raises an unapproved-time exception and bills none of it when time in the period is only submitted', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '2.00', status: 'submitted' });
    await addTime(database, { person: 'SAM', project: 'C1-P', date: '2026-10-06', hours: '1.00' });
    await bill(database, '2026-10');
    const ex = await database.db.select().from(billingExceptions);
    expect(ex.map((e) => e.type)).toEqual(['unapproved_time']);
    const [inv] = await database.db.select().from(invoices);
    expect(inv!.subtotalMinor).toBe(24000n);
  });

  it('keeps a released cap overrun released when the period is billed again', async () => {
    const bundle = smallFirm();
    bundle.contracts[0]!.notToExceed = '500.00';
    await loadFirm(database, bundle);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '5.00' }); // 5 h x 140.00 = 700.00
    await bill(database, '2026-10');
    const [before] = await database.db.select().from(invoices);
    // The cap splits the entry in whole hundredths of an hour: 3.57 h x 140.00 = 499.80 billed, 1.43 h = 200.20 held.
    expect([before!.subtotalMinor, before!.heldMinor]).toEqual([49980n, 20020n]);
    // An account manager approves the overrun as is (what resolveException records).
    await database.db
      .update(billingExceptions)
      .set({ status: 'resolved', resolutionCode: 'approved_as_is', resolvedBy: 'am' })
      .where(eq(billingExceptions.type, 'cap_exceeded'));
    await bill(database, '2026-10');
    const [after] = await database.db.select().from(invoices);
    expect([after!.subtotalMinor, after!.heldMinor, after!.held]).toEqual([70000n, 0n, false]);
    expect(after!.nteConsumedMinor).toBe(70000n);
  });
});
