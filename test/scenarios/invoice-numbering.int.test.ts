import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { approvals, auditLog, invoices, legalEntities } from '../../src/db/schema/index.ts';
import { takeInvoiceNumber } from '../../src/db/stores/invoice-lifecycle-store.ts';
import { approveInvoice } from '../../src/tools/invoices/lifecycle/index.ts';
import { backend, databasePerTest } from '../helpers/db.ts';
import { loadFirm } from '../helpers/firm.ts';
import { cast, codeOf, ctxOf, insertInvoice, person, unwrap } from '../helpers/invoices.ts';

describe(`invoice numbering on ${backend}`, () => {
  let database: Database;
  databasePerTest(
    (d) => {
      database = d;
    },
    { poolSize: 10, setup: loadFirm },
  );

  const nextNumber = async () =>
    (await database.db.select().from(legalEntities).where(eq(legalEntities.code, 'LE-US')))[0]!.nextInvoiceNumber;
  const approveRows = async () =>
    (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(eq(auditLog.action, 'invoice.approve'))
    )[0]!.n;

  it('approves exactly once when 100 approvers race on one invoice; the other 99 are refused cleanly', async () => {
    const id = await insertInvoice(database, { totalMinor: 100_00n });
    const approvers = Array.from({ length: 100 }, (_, i) => person(`u-pm-${i}`, ['project_manager']));
    const results = await Promise.all(approvers.map((a) => approveInvoice(database, ctxOf(a), { invoiceId: id })));
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'INVALID_TRANSITION')).toHaveLength(99);
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, id));
    expect(inv).toMatchObject({ status: 'approved', number: 'TUS-000001' });
    expect(await nextNumber()).toBe(2n);
    expect(await approveRows()).toBe(1);
  });

  it("records one level and approves once when one controller's 100 approvals race on a 20,000.00 USD invoice", async () => {
    const id = await insertInvoice(database, { totalMinor: 2_000_000n });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id })),
    );
    expect(results.map(codeOf).filter((c) => c === 'ok')).toHaveLength(1);
    expect(results.map(codeOf).filter((c) => c === 'INVALID_TRANSITION')).toHaveLength(99);
    expect(await database.db.select().from(approvals)).toHaveLength(1);
    expect(await nextNumber()).toBe(2n);
    expect(await approveRows()).toBe(1);
  });

  it('numbers 60 invoices approved concurrently 1 to 60, without a gap or a repeat', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await insertInvoice(database, { totalMinor: BigInt(100_00 + i) }));
    const results = await Promise.all(
      ids.map((id, i) =>
        approveInvoice(database, ctxOf(person(`u-pm-${i % 7}`, ['project_manager'])), { invoiceId: id }),
      ),
    );
    const numbers = results.map((r) => unwrap(r).number!).sort();
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => `TUS-${String(i + 1).padStart(6, '0')}`));
    expect(await nextNumber()).toBe(61n);
  });

  it('gives the number back when the approving transaction rolls back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        const [le] = await tx.select().from(legalEntities).where(eq(legalEntities.code, 'LE-US'));
        expect(await takeInvoiceNumber(tx, le!.id)).toBe('TUS-000001');
        throw new Error('the approval failed after taking its number');
      }),
    ).rejects.toThrow();
    const id = await insertInvoice(database, { totalMinor: 100_00n });
    expect(unwrap(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id })).number).toBe('TUS-000001');
  });
});
