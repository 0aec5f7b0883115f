import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { queryRows, type Database } from '../../src/db/client.ts';
import { billingExceptions, invoiceLines, invoices } from '../../src/db/schema/index.ts';
import { approveInvoice, postInvoice, submitInvoice, voidInvoice } from '../../src/tools/invoices/lifecycle/index.ts';
import { grantApproval } from '../../src/tools/approvals/grant-approval.ts';
import { insertMatrixVersion } from '../../src/db/stores/approval-matrix-store.ts';
import { approvalMatrixHash, approvalMatrixV1 } from '../../src/policy/approval-matrix.ts';
import { resolveException } from '../../src/tools/exceptions/resolve-exception.ts';
import { backend, createTestDatabase, databasePerTest } from '../helpers/db.ts';
import { addTime, bill, loadFirm, smallFirm } from '../helpers/firm.ts';
import { cast, codeOf, ctxOf, unwrap } from '../helpers/invoices.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { invoicesCommand } from '../../src/cli/commands/invoices.ts';
import type { Config } from '../../src/config.ts';
import { call, createTestUsers, testApp } from '../helpers/api.ts';

/**
 * What a held line holds (issue 11). The small firm with a 1,000.00 USD not-to-exceed cap: 10 h of
 * Ana at 140.00 (1,400.00) bill 999.60 (7.14 h) and hold 400.40 (2.86 h) behind cap_exceeded, which
 * bills the rest by default: the 999.60 invoice goes out, and the 400.40 follows on a supplementary
 * invoice for the same contract and period once the account manager releases it.
 */
async function cappedMonth(database: Database, contract = 'C1') {
  const bundle = smallFirm();
  const c = bundle.contracts[0]!;
  c.code = contract;
  c.projects = [{ code: `${contract}-P`, name: `Project ${contract}`, status: 'active' }];
  c.notToExceed = '1000.00';
  await loadFirm(database, bundle);
  await addTime(database, { person: 'ANA', project: `${contract}-P`, date: '2026-10-05', hours: '6.00' });
  await addTime(database, { person: 'ANA', project: `${contract}-P`, date: '2026-10-06', hours: '4.00' });
  return bill(database, '2026-10');
}

/** The invoices, the standard one first, then supplementary ones in the order they were opened. */
const all = (database: Database) =>
  database.db
    .select()
    .from(invoices)
    .orderBy(sql`${invoices.supplementsInvoiceId} IS NOT NULL`, invoices.createdAt, invoices.id);
const capOf = async (database: Database) =>
  (await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'cap_exceeded')))[0]!;
const linesOf = (database: Database, id: string) =>
  database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id));

/** Submits, approves (a controller: the open exception needs one) and posts an invoice. */
async function sendOut(database: Database, id: string) {
  unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id }));
  unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
  unwrap(await postInvoice(database, ctxOf(cast.clerk), { invoiceId: id }));
}

/** Submits and approves an invoice (a controller: the open exception needs one); it is numbered, not posted. */
async function approveOnly(database: Database, id: string) {
  unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id }));
  unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
}

/**
 * Voids an invoice the way a clerk does: the first call asks (a controller's approval), the
 * controller grants it, the same call again voids. Returns the refusal when the first call is refused.
 */
async function voidApproved(database: Database, id: string, reason = 'issued in error') {
  const asked = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason });
  if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') return asked;
  unwrap(
    await grantApproval(database, ctxOf(cast.ctl), { requestId: (asked.error as { requestId: string }).requestId }),
  );
  return voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason });
}

/** Time entries of the period and how many link rows bill each (exactly one when each is billed once). */
async function linksPerEntry(database: Database): Promise<number[]> {
  const rows = await queryRows<{ n: number }>(
    database.db,
    sql`SELECT (SELECT count(*)::int FROM invoice_line_time_entries l WHERE l.time_entry_id = te.id) AS n
    FROM time_entries te ORDER BY te.id`,
  );
  return rows.map((r) => Number(r.n));
}

describe(`held lines on ${backend}`, () => {
  let database: Database;
  databasePerTest((d) => {
    database = d;
  });

  it('bills the rest of the period and shows the carried line with its reason on the draft and the exception', async () => {
    await cappedMonth(database);
    const [draft] = await all(database);
    expect(draft).toMatchObject({ held: false, totalMinor: 99_960n, heldMinor: 40_040n });
    const cap = await capOf(database);
    expect(cap).toMatchObject({
      holdScope: 'line',
      status: 'open',
      message: expect.stringMatching(/not-to-exceed cap/),
    });
    expect((await linesOf(database, draft!.id)).find((l) => l.id === cap.invoiceLineId)).toMatchObject({
      held: true,
      carried: true,
      amountMinor: 40_040n,
    });
  });

  it('holds the whole draft when the matrix in force says hold_draft for the exception type', async () => {
    const matrix = { ...approvalMatrixV1, version: 2, heldLines: { cap_exceeded: 'hold_draft' as const } };
    await insertMatrixVersion(database.db, {
      matrix,
      sha256: approvalMatrixHash(matrix),
      proposedBy: 'u-fa',
      approvalRequestId: null,
      createdAt: new Date(),
    });
    await cappedMonth(database);
    const [draft] = await all(database);
    expect(draft).toMatchObject({ held: true, totalMinor: 99_960n, heldMinor: 40_040n });
    expect(await capOf(database)).toMatchObject({ holdScope: 'draft' });
    expect(codeOf(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: draft!.id }))).toBe(
      'OPEN_BLOCKING_EXCEPTIONS',
    );
  });

  it('bills a line released after its invoice was posted on a supplementary invoice, once, and a re-run changes nothing', async () => {
    await cappedMonth(database);
    const [original] = await all(database);
    await sendOut(database, original!.id);
    const cap = await capOf(database);
    const released = unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'client agreed to the overrun',
      }),
    );
    expect(released).toMatchObject({
      effect: 'release',
      carriedTo: { supplementsInvoiceId: original!.id },
      invoice: { total: { amount: '400.40' }, held: false },
    });
    const supplementId = released.carriedTo!.invoiceId;
    const [posted, supplement] = await all(database);
    expect(posted).toMatchObject({ id: original!.id, status: 'posted', totalMinor: 99_960n, heldMinor: 40_040n });
    expect(supplement).toMatchObject({
      id: supplementId,
      status: 'draft',
      supplementsInvoiceId: original!.id,
      contractId: original!.contractId,
      period: '2026-10',
      totalMinor: 40_040n,
      heldMinor: 0n,
      held: false,
      nteConsumedMinor: 40_040n,
      preparedBy: 'u-am',
    });
    expect(await linesOf(database, supplementId)).toMatchObject([
      { carriedFromLineId: cap.invoiceLineId, held: false, amountMinor: 40_040n, quantity: '2.860000' },
    ]);
    // The original keeps the line, held, as the record of what was carried.
    expect((await linesOf(database, original!.id)).find((l) => l.id === cap.invoiceLineId)).toMatchObject({
      held: true,
      carried: true,
    });

    const rerun = await bill(database, '2026-10');
    expect(rerun).toMatchObject({ invoicesWritten: 0, skippedLocked: 1 });
    expect((await all(database)).map((i) => [i.id, i.totalMinor, i.revision])).toEqual([
      [original!.id, 99_960n, posted!.revision],
      [supplementId, 40_040n, supplement!.revision],
    ]);
    expect(
      codeOf(
        await resolveException(database, ctxOf(cast.am), {
          exceptionId: cap.id,
          resolutionCode: 'approved_as_is',
          note: 'again',
        }),
      ),
    ).toBe('EXCEPTION_ALREADY_RESOLVED');

    await sendOut(database, supplementId);
    const out = await all(database);
    // 10 h at 140.00: the two invoices together bill 1,400.00, each entry once; each total is its lines' sum.
    expect(out.reduce((a, i) => a + i.totalMinor, 0n)).toBe(140_000n);
    expect(out.every((i) => i.status === 'posted' && i.number !== null)).toBe(true);
    for (const i of out) {
      const sum = (await linesOf(database, i.id))
        .filter((l) => !l.held)
        .reduce((a, l) => a + l.amountMinor + l.taxMinor, 0n);
      expect(sum).toBe(i.totalMinor);
    }
    expect(await linksPerEntry(database)).toEqual([1, 1]);
  });

  it('refuses voiding an original while its supplement stands; voided in order, a re-run bills the 1,400.00 once', async () => {
    await cappedMonth(database);
    const [original] = await all(database);
    await approveOnly(database, original!.id);
    const cap = await capOf(database);
    const supplementId = unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'client agreed',
      }),
    ).carriedTo!.invoiceId;
    // The 6 h entry is billed on the original; the 4 h one is split: 1.14 h on the original, 2.86 h carried.
    const refused = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: original!.id, reason: 'wrong PO' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVOICE_HAS_SUPPLEMENT',
        invoiceId: original!.id,
        supplements: [{ id: supplementId, status: 'draft' }],
        message: expect.stringMatching(/void the supplement first/),
      },
    });
    expect((await all(database)).map((i) => i.status)).toEqual(['approved', 'draft']);

    // The supplement first: it frees what it carried; then the original frees the rest.
    expect(unwrap(await voidApproved(database, supplementId))).toMatchObject({ status: 'void' });
    expect(unwrap(await voidApproved(database, original!.id))).toMatchObject({
      status: 'void',
      released: { timeEntries: 2 },
    });
    expect(await linksPerEntry(database)).toEqual([0, 0]);

    // The re-run rates the 10 h again, once: the release still stands (approved as is), so the new
    // draft bills 10 h x 140.00 = 1,400.00 and holds nothing; each entry is linked exactly once.
    expect(await bill(database, '2026-10')).toMatchObject({ invoicesWritten: 1 });
    const live = (await all(database)).filter((i) => i.status !== 'void');
    expect(live).toMatchObject([
      { status: 'draft', supplementsInvoiceId: null, subtotalMinor: 140_000n, heldMinor: 0n },
    ]);
    expect(await linksPerEntry(database)).toEqual([1, 1]);
  });

  it('refuses voiding an original whose supplement is posted, and says to credit it instead', async () => {
    await cappedMonth(database);
    const [original] = await all(database);
    await approveOnly(database, original!.id);
    const cap = await capOf(database);
    const supplementId = unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'ok',
      }),
    ).carriedTo!.invoiceId;
    await sendOut(database, supplementId);
    expect(await voidApproved(database, original!.id)).toMatchObject({
      ok: false,
      error: { code: 'INVOICE_HAS_SUPPLEMENT', message: expect.stringMatching(/credit note/) },
    });
  });

  it('lists its supplements on the original and names the original on the supplement, in the API and the CLI', async () => {
    await cappedMonth(database);
    const [original] = await all(database);
    await sendOut(database, original!.id);
    const cap = await capOf(database);
    const supplementId = unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'ok',
      }),
    ).carriedTo!.invoiceId;
    const supplementRef = `DRAFT-${supplementId.slice(0, 8).toUpperCase()}`;
    const users = await createTestUsers(database, 'LE-US');
    const app = testApp(database);
    const get = async (id: string) =>
      (await call<Record<string, unknown>>(app, 'GET', `/invoices/${id}`, { key: users.key.billing_clerk })).body;

    const a = await get(original!.id);
    expect(a).toMatchObject({
      supplementsInvoice: null,
      supplementaryInvoices: [
        { id: supplementId, reference: supplementRef, status: 'draft', total: { amount: '400.40', currency: 'USD' } },
      ],
    });
    const b = await get(supplementId);
    expect(b).toMatchObject({
      supplementsInvoiceId: original!.id,
      supplementsInvoice: { id: original!.id, reference: a.number as string, status: 'posted' },
      supplementaryInvoices: [],
    });

    let out = '';
    const cli = {
      io: { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), isTty: false },
      config: {} as Config,
      database: async () => database,
      now: () => new Date(),
    };
    expect(await invoicesCommand(['show', a.number as string], cli)).toBe(0);
    expect(out).toContain(
      `Supplementary invoice ${supplementRef} [draft] bills held lines carried off this one: 400.40 USD`,
    );
    out = '';
    expect(await invoicesCommand(['show', supplementRef], cli)).toBe(0);
    expect(out).toContain(`Supplementary invoice to ${a.number as string} [posted]`);
  });

  it('puts a second released line on the same supplementary draft while it is a draft', async () => {
    await cappedMonth(database);
    const [original] = await all(database);
    await sendOut(database, original!.id);
    const cap = await capOf(database);
    // A second carried line of the same invoice (as a retainer overage would be), held by its own exception.
    const [line] = await database.db
      .insert(invoiceLines)
      .values({
        ...(({ id: _i, ...rest }) => rest)(
          (await linesOf(database, original!.id)).find((l) => l.id === cap.invoiceLineId)!,
        ),
        lineKey: 'overage',
        lineNo: 9,
        amountMinor: 10_000n,
        preciseAmount: '100',
        parentLineId: null,
      })
      .returning();
    const [second] = await database.db
      .insert(billingExceptions)
      .values({
        dedupeKey: 'overage',
        type: 'retainer_overage',
        severity: 'blocking',
        ownerRole: 'account_manager',
        message: 'overage',
        holdScope: 'line',
        contractId: cap.contractId,
        invoiceId: original!.id,
        invoiceLineId: line!.id,
        period: '2026-10',
        slaHours: 24,
        slaDueAt: new Date('2026-11-27T00:00:00Z'),
      })
      .returning();
    const a = unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'ok',
      }),
    );
    const b = unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: second!.id,
        resolutionCode: 'approved_as_is',
        note: 'ok',
      }),
    );
    expect(b.carriedTo!.invoiceId).toBe(a.carriedTo!.invoiceId);
    expect(b.invoice).toMatchObject({ total: { amount: '500.40' }, revision: 2 });
    expect(await all(database)).toHaveLength(2);
  });

  it('closes a write-off of a carried line after posting without billing it, and refuses a release off a voided invoice', async () => {
    await cappedMonth(database);
    const [original] = await all(database);
    await sendOut(database, original!.id);
    const cap = await capOf(database);
    expect(
      unwrap(
        await resolveException(database, ctxOf(cast.am), {
          exceptionId: cap.id,
          resolutionCode: 'write_off',
          note: 'we absorb it',
        }),
      ),
    ).toMatchObject({ effect: 'write_off', invoice: null, carriedTo: null });
    expect(await all(database)).toHaveLength(1);

    const other = await createTestDatabase();
    try {
      await cappedMonth(other);
      const [inv] = await all(other);
      await other.db.update(invoices).set({ status: 'void' }).where(eq(invoices.id, inv!.id));
      const c = await capOf(other);
      expect(
        await resolveException(other, ctxOf(cast.am), {
          exceptionId: c.id,
          resolutionCode: 'approved_as_is',
          note: 'x',
        }),
      ).toMatchObject({ ok: false, error: { code: 'HELD_LINE_NOT_CARRIABLE', invoiceStatus: 'void' } });
    } finally {
      await other.close();
    }
  });
});

describe(`held lines across holds and releases (property) on ${backend}`, () => {
  it('invoices every time entry exactly once, and the invoices sum to what was rated less what was written off, across voids and re-runs', async () => {
    const database = await createTestDatabase();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 1, max: 95 }),
          fc.constantFrom('approved_as_is', 'write_off') as fc.Arbitrary<'approved_as_is' | 'write_off'>,
          fc.constantFrom('on_draft', 'after_post', 'void_rerun'),
          async (hours, capPercent, code, when) => {
            n += 1;
            const contract = `PC${n}`;
            const bundle = smallFirm();
            const c = bundle.contracts[0]!;
            const fullMinor = BigInt(hours.reduce((a, h) => a + h, 0)) * 14_000n; // 140.00 an hour
            Object.assign(c, {
              code: contract,
              projects: [{ code: `${contract}-P`, name: contract, status: 'active' }],
              notToExceed: ((Number(fullMinor) * capPercent) / 10_000).toFixed(2),
            });
            await loadFirm(database, bundle);
            for (const [i, h] of hours.entries())
              await addTime(database, {
                person: 'ANA',
                project: `${contract}-P`,
                date: `2026-10-${String(i + 5).padStart(2, '0')}`,
                hours: `${h}.00`,
              });
            await bill(database, '2026-10');
            const mine = async () =>
              (
                await database.db
                  .select()
                  .from(invoices)
                  .where(sql`${invoices.contractId} = (SELECT id FROM contracts WHERE code = ${contract})`)
              ).filter((i) => i.status !== 'void');
            const [draft] = await mine();
            const [cap] = await database.db
              .select()
              .from(billingExceptions)
              .where(sql`${billingExceptions.invoiceId} = ${draft!.id} AND ${billingExceptions.type} = 'cap_exceeded'`);
            expect(draft!.held).toBe(false);
            const heldMinor = draft!.heldMinor;
            if (when === 'after_post') await sendOut(database, draft!.id);
            // void_rerun: the invoice is approved (numbered, not posted), the hold decided, then the
            // invoice voided and the period re-run: a live supplement must go first.
            if (when === 'void_rerun') await approveOnly(database, draft!.id);
            const decided = cap
              ? unwrap(
                  await resolveException(database, ctxOf(cast.am), {
                    exceptionId: cap.id,
                    resolutionCode: code,
                    note: 'decided',
                  }),
                )
              : null;
            if (when === 'void_rerun') {
              const supplement = decided?.carriedTo?.invoiceId;
              if (supplement) {
                expect(codeOf(await voidApproved(database, draft!.id))).toBe('INVOICE_HAS_SUPPLEMENT');
                unwrap(await voidApproved(database, supplement));
              }
              unwrap(await voidApproved(database, draft!.id));
            }
            await bill(database, '2026-10');
            const invs = await mine();
            const billed = invs.reduce((a, i) => a + i.subtotalMinor, 0n);
            const writtenOff = cap && code === 'write_off' ? heldMinor : 0n;
            expect(billed + writtenOff).toBe(fullMinor);
            expect(invs.reduce((a, i) => a + i.heldMinor, 0n)).toBe(when === 'after_post' && cap ? heldMinor : 0n);
            expect(invs.filter((i) => i.supplementsInvoiceId !== null)).toHaveLength(
              when === 'after_post' && cap && code === 'approved_as_is' ? 1 : 0,
            );
            if (when === 'void_rerun') expect(invs.map((i) => i.status)).toEqual(['draft']);
            const links = await queryRows<{ n: number }>(
              database.db,
              sql`SELECT (SELECT count(*)::int FROM invoice_line_time_entries l WHERE l.time_entry_id = te.id) AS n
            FROM time_entries te WHERE te.contract_id = ${draft!.contractId}`,
            );
            expect(links.map((r) => Number(r.n))).toEqual(hours.map(() => 1));
          },
        ),
        { numRuns: 12 },
      );
      expect((await verifyAudit(database.db)).ok).toBe(true);
    } finally {
      await database.close();
    }
  }, 600_000);
});
