import { asc, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { addTime, bill, loadFirm } from '../../test/helpers/firm.ts';
import type { Database } from './client.ts';
import { insertJsonRows, jsonRows } from './json-rows.ts';
import { billingExceptions, invoiceLines, invoices, timeEntries } from './schema/index.ts';
import { getInvoiceDetail } from './stores/invoice-queries.ts';

describe(`jsonRows and the one-statement invoice detail (${backend})`, () => {
  let database: Database;
  let invoiceId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.25' });
    await addTime(database, { person: 'SAM', project: 'C1-P', date: '2026-10-06', hours: '3' });
    await addTime(database, { person: 'SAM', project: 'C1-P', date: '2026-10-07', hours: '2', status: 'submitted' });
    await bill(database, '2026-10');
    [{ id: invoiceId }] = (await database.db.select({ id: invoices.id }).from(invoices)) as [{ id: string }];
  });
  afterAll(() => database.close());

  const selectLines = () =>
    database.db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, invoiceId))
      .orderBy(asc(invoiceLines.lineNo));
  const selectExceptions = () =>
    database.db
      .select()
      .from(billingExceptions)
      .where(eq(billingExceptions.invoiceId, invoiceId))
      .orderBy(asc(billingExceptions.createdAt), asc(billingExceptions.id));

  /** Every column of the invoice's lines and exceptions through jsonRows, as a select beside the invoice. */
  const allColumns = async () => {
    const lines = jsonRows(
      invoiceLines,
      (l) => sql`${l.invoiceId} = "invoices"."id"`,
      (l) => sql`${l.lineNo}`,
    );
    const exceptions = jsonRows(
      billingExceptions,
      (e) => sql`${e.invoiceId} = "invoices"."id"`,
      (e) => sql`${e.createdAt}, ${e.id}`,
    );
    const [row] = await database.db
      .select({ lines: lines.query, exceptions: exceptions.query })
      .from(invoices)
      .where(eq(invoices.id, invoiceId));
    return { lines: lines.decode(row!.lines), exceptions: exceptions.decode(row!.exceptions) };
  };
  /** The row with only the keys `like` has (the detail reads the columns its readers use). */
  const only = <T extends object>(rows: T[], like: object[]) =>
    rows.map((r) => Object.fromEntries(Object.keys(like[0] ?? r).map((k) => [k, r[k as keyof T]])));

  it("gives the rows drizzle's own select gives: bigint money, numerics, dates, timestamps, jsonb and booleans alike", async () => {
    const read = await allColumns();
    const lines = await selectLines();
    const exceptions = await selectExceptions();
    expect(lines.length).toBeGreaterThan(1);
    expect(exceptions.length).toBeGreaterThan(0);
    expect(read.lines).toEqual(lines);
    expect(read.exceptions).toEqual(exceptions);
    expect(typeof read.lines[0]!.amountMinor).toBe('bigint');
    expect(read.exceptions[0]!.slaDueAt).toBeInstanceOf(Date);
    // The detail's own read: the same values, in the columns it picks.
    const detail = await getInvoiceDetail(database.db, invoiceId);
    expect(Object.keys(detail!.lines[0]!).length).toBeLessThan(Object.keys(lines[0]!).length);
    expect(detail!.lines).toEqual(only(lines, detail!.lines));
    expect(detail!.exceptions).toEqual(only(exceptions, detail!.exceptions));
  });

  it('keeps every digit of money beyond 2^53 and of long numerics, which a JSON number would round', async () => {
    const [first] = await selectLines();
    await database.db.execute(
      sql`UPDATE invoice_lines SET amount_minor = 9007199254740993, precise_amount = '90071992547409.930000000000001' WHERE id = ${first!.id}`,
    );
    const read = await allColumns();
    expect(read.lines[0]!.amountMinor).toBe(9007199254740993n);
    expect(read.lines[0]!.preciseAmount).toBe('90071992547409.930000000000001');
    expect(read.lines).toEqual(await selectLines());
    const detail = await getInvoiceDetail(database.db, invoiceId);
    expect(detail!.lines[0]!.amountMinor).toBe(9007199254740993n);
  });

  it('gives an empty array for a parent without children, and null detail for an unknown invoice', async () => {
    const none = jsonRows(
      invoiceLines,
      (l) => sql`${l.invoiceId} = ${'00000000-0000-0000-0000-000000000000'}::uuid`,
      (l) => sql`${l.lineNo}`,
    );
    const [row] = await database.db.select({ lines: none.query }).from(invoices).limit(1);
    expect(none.decode(row!.lines)).toEqual([]);
    expect(await getInvoiceDetail(database.db, '00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('inserts rows from one JSON parameter exactly as given, ids included, defaults for columns left out, and nothing where the gate is false', async () => {
    const [ref] = await database.db
      .select({ personId: timeEntries.personId, projectId: timeEntries.projectId, contractId: timeEntries.contractId })
      .from(timeEntries)
      .limit(1);
    const base = {
      ...ref!,
      role: 'Analyst',
      workDate: '2026-10-20',
      description: 'json "quoted" \\ ü',
      rateQuoted: null,
      approvedBy: 'pm@x',
      externalId: null,
    };
    const rows = [
      {
        ...base,
        id: 900001,
        hours: '7.25',
        billable: false,
        approvalStatus: 'approved' as const,
        approvedAt: new Date('2026-10-21T08:30:00.123Z'),
      },
      { ...base, id: 900002, hours: '0.50', billable: true, approvalStatus: 'submitted' as const, approvedAt: null },
    ];
    const write = insertJsonRows(timeEntries, rows);
    await database.db.execute(write(sql`false`));
    expect(
      await database.db
        .select()
        .from(timeEntries)
        .where(inArray(timeEntries.id, [900001, 900002])),
    ).toEqual([]);
    await database.db.execute(write(sql`true`));
    const stored = await database.db
      .select()
      .from(timeEntries)
      .where(inArray(timeEntries.id, [900001, 900002]))
      .orderBy(asc(timeEntries.id));
    expect(stored.map(({ createdAt: _c, ...r }) => r)).toEqual(rows);
    expect(stored.every((r) => r.createdAt instanceof Date)).toBe(true);
  });
});
