import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { billingExceptions, invoiceLines, invoices, users } from '../../src/db/schema/index.ts';
import { submitInvoice } from '../../src/tools/invoices/lifecycle/index.ts';
import { assignException } from '../../src/tools/exceptions/assign-exception.ts';
import { resolveException } from '../../src/tools/exceptions/resolve-exception.ts';
import { databasePerTest } from '../helpers/db.ts';
import { addTime, bill, loadFirm, smallFirm } from '../helpers/firm.ts';
import { agentFor, auditActions, cast, codeOf, ctxOf, unwrap } from '../helpers/invoices.ts';

/** The small firm with a 1,000.00 USD not-to-exceed cap: 10 h of Ana at 140.00 bill 999.60 (the cap splits at a hundredth of an hour: 7.14 h) and hold 400.40. */
async function cappedDraft(database: Database) {
  const bundle = smallFirm();
  bundle.contracts[0]!.notToExceed = '1000.00';
  await loadFirm(database, bundle);
  await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '6.00' });
  await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-06', hours: '4.00' });
  await bill(database, '2026-10');
  const [draft] = await database.db.select().from(invoices);
  const [cap] = await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'cap_exceeded'));
  return { draft: draft!, cap: cap! };
}

const linesOf = (database: Database, invoiceId: string) =>
  database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
const invoiceOf = async (database: Database, id: string) =>
  (await database.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;

describe('resolveException', () => {
  let database: Database;
  databasePerTest((d) => {
    database = d;
  });

  it('starts from a draft that bills 999.60 and carries 400.40 over the cap without holding the rest', async () => {
    const { draft, cap } = await cappedDraft(database);
    // Issue 11: a cap hold bills the rest (heldLines.cap_exceeded = bill_rest); the draft is not held.
    expect(draft).toMatchObject({
      totalMinor: 99960n,
      heldMinor: 40040n,
      held: false,
      nteConsumedMinor: 99960n,
      revision: 1,
    });
    expect(cap).toMatchObject({ holdScope: 'line', invoiceLineId: expect.any(Number) });
    const line = (await linesOf(database, draft.id)).find((l) => l.id === cap.invoiceLineId)!;
    expect(line).toMatchObject({ held: true, carried: true, amountMinor: 40040n });
  });

  it('releases the held line when approved as is, recomputing the totals exactly from the lines', async () => {
    const { draft, cap } = await cappedDraft(database);
    const r = unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'client agreed to the overrun',
      }),
    );
    expect(r).toMatchObject({
      status: 'resolved',
      effect: 'release',
      invoice: { revision: 2, held: false, total: { amount: '1400.00' }, heldAmount: { amount: '0.00' } },
    });
    const lines = await linesOf(database, draft.id);
    expect(lines.every((l) => !l.held)).toBe(true);
    const after = await invoiceOf(database, draft.id);
    const sum = lines.reduce((a, l) => a + l.amountMinor + l.taxMinor, 0n);
    expect(after).toMatchObject({
      totalMinor: sum,
      subtotalMinor: 140000n,
      heldMinor: 0n,
      held: false,
      nteConsumedMinor: 140000n,
    });
    const [closed] = await database.db.select().from(billingExceptions).where(eq(billingExceptions.id, cap.id));
    expect(closed).toMatchObject({
      status: 'resolved',
      resolutionCode: 'approved_as_is',
      resolvedBy: 'u-am',
      resolutionNote: 'client agreed to the overrun',
    });
    expect(await auditActions(database)).toEqual(['exception.resolve']);
    unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: draft.id, expectedRevision: 2 }));
  });

  it('keeps a written-off line on the draft at zero and bills the rest', async () => {
    const { draft, cap } = await cappedDraft(database);
    unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'write_off',
        note: 'we absorb the overrun',
      }),
    );
    const line = (await linesOf(database, draft.id)).find((l) => l.id === cap.invoiceLineId)!;
    expect(line).toMatchObject({ held: false, amountMinor: 0n, taxMinor: 0n });
    expect(line.description).toMatch(/written off$/);
    expect(await invoiceOf(database, draft.id)).toMatchObject({
      totalMinor: 99960n,
      heldMinor: 0n,
      held: false,
      nteConsumedMinor: 99960n,
    });
  });

  it('keeps the line held when the data was corrected, until billing runs again, and lets the rest go out', async () => {
    const { draft, cap } = await cappedDraft(database);
    expect(
      unwrap(
        await resolveException(database, ctxOf(cast.am), {
          exceptionId: cap.id,
          resolutionCode: 'corrected_data',
          note: 'cap raised in the CRM',
        }),
      ).effect,
    ).toBe('none');
    expect(await invoiceOf(database, draft.id)).toMatchObject({
      held: false,
      heldMinor: 40040n,
      totalMinor: 99960n,
      revision: 1,
    });
    // Issue 11: the carried line does not hold the draft, so the rest can be submitted (was INVOICE_HELD).
    unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: draft.id }));
  });

  it('refuses submitting a draft whose held line holds it (a hold_draft rule)', async () => {
    const { draft, cap } = await cappedDraft(database);
    // As the run writes a line under a hold_draft rule: held, not carried, and the draft held.
    await database.db.update(invoiceLines).set({ carried: false }).where(eq(invoiceLines.id, cap.invoiceLineId!));
    await database.db.update(billingExceptions).set({ holdScope: 'draft' }).where(eq(billingExceptions.id, cap.id));
    await database.db.update(invoices).set({ held: true }).where(eq(invoices.id, draft.id));
    expect(codeOf(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: draft.id }))).toBe(
      'OPEN_BLOCKING_EXCEPTIONS',
    );
  });

  it('keeps the line held while another blocking exception still holds it', async () => {
    const { draft, cap } = await cappedDraft(database);
    await database.db.insert(billingExceptions).values({
      dedupeKey: 'extra',
      type: 'outside_contract_dates',
      severity: 'blocking',
      ownerRole: 'account_manager',
      message: 'also outside dates',
      contractId: cap.contractId,
      invoiceId: draft.id,
      invoiceLineId: cap.invoiceLineId,
      slaHours: 24,
      slaDueAt: new Date('2026-11-27T00:00:00Z'),
    });
    unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'ok',
      }),
    );
    // The line stays held; the draft was not held by it (carried, issue 11), so held stays false.
    expect(await invoiceOf(database, draft.id)).toMatchObject({ held: false, heldMinor: 40040n, totalMinor: 99960n });
    expect((await linesOf(database, draft.id)).find((l) => l.id === cap.invoiceLineId)).toMatchObject({ held: true });
  });

  it('lifts a hold on the whole draft when a missing PO is approved as is', async () => {
    const bundle = smallFirm();
    bundle.clients[0]!.poRequired = true;
    await loadFirm(database, bundle);
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '2.00' });
    await bill(database, '2026-10');
    const [draft] = await database.db.select().from(invoices);
    const [po] = await database.db.select().from(billingExceptions).where(eq(billingExceptions.type, 'missing_po'));
    expect(draft!.held).toBe(true);
    const r = unwrap(
      await resolveException(database, ctxOf(cast.clerk), {
        exceptionId: po!.id,
        resolutionCode: 'approved_as_is',
        note: 'client waives the PO this month',
      }),
    );
    expect(r.invoice).toMatchObject({ held: false, total: { amount: '280.00' } });
    unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: draft!.id }));
  });

  it('refuses a code that does not fit the exception', async () => {
    const { cap } = await cappedDraft(database);
    expect(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'po_received',
        note: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RESOLUTION_NOT_APPLICABLE', exceptionType: 'cap_exceeded' },
    });
  });

  it('refuses resolving an exception twice', async () => {
    const { cap } = await cappedDraft(database);
    unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'ok',
      }),
    );
    expect(
      codeOf(
        await resolveException(database, ctxOf(cast.am), {
          exceptionId: cap.id,
          resolutionCode: 'not_an_issue',
          note: 'ok',
        }),
      ),
    ).toBe('EXCEPTION_ALREADY_RESOLVED');
  });

  it('refuses releasing a line that holds its draft on an invoice that is no longer a draft', async () => {
    const { draft, cap } = await cappedDraft(database);
    // Issue 11: a carried line would go to a supplementary invoice (held-lines.int.test.ts); a hold_draft line cannot.
    await database.db.update(invoiceLines).set({ carried: false }).where(eq(invoiceLines.id, cap.invoiceLineId!));
    await database.db.update(invoices).set({ status: 'pending_approval' }).where(eq(invoices.id, draft.id));
    expect(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION', command: 'edit', status: 'pending_approval' },
    });
  });

  it('refuses the agent resolving, even for an account manager who may, and leaves the line held', async () => {
    const { draft, cap } = await cappedDraft(database);
    const r = await resolveException(database, ctxOf(agentFor(cast.am)), {
      exceptionId: cap.id,
      resolutionCode: 'approved_as_is',
      note: 'client agreed',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'SOD_VIOLATION', policyCode: 'AGENT_CANNOT_DECIDE' } });
    const [after] = await database.db.select().from(invoices).where(eq(invoices.id, draft.id));
    expect(after).toMatchObject({ heldMinor: draft.heldMinor, totalMinor: draft.totalMinor });
  });

  it('refuses the auditor and an unknown exception', async () => {
    const { cap } = await cappedDraft(database);
    expect(
      await resolveException(database, ctxOf(cast.auditor), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      codeOf(
        await resolveException(database, ctxOf(cast.am), {
          exceptionId: '00000000-0000-4000-8000-000000000000',
          resolutionCode: 'approved_as_is',
          note: 'x',
        }),
      ),
    ).toBe('EXCEPTION_NOT_FOUND');
  });
});

describe('assignException', () => {
  let database: Database;
  let assignee: string;
  databasePerTest(
    (d) => {
      database = d;
    },
    {
      setup: async (d) => {
        const [u] = await d.db
          .insert(users)
          .values({ email: 'ana@example.com', name: 'Ana Manager', roles: ['account_manager'] })
          .returning();
        assignee = u!.id;
      },
    },
  );

  it('assigns an open exception to a person, also when the agent asks for a clerk', async () => {
    const { cap } = await cappedDraft(database);
    expect(
      unwrap(
        await assignException(database, ctxOf(agentFor(cast.clerk)), { exceptionId: cap.id, assigneeId: assignee }),
      ),
    ).toEqual({
      exceptionId: cap.id,
      status: 'assigned',
      assignedTo: assignee,
    });
    const [row] = await database.db.select().from(billingExceptions).where(eq(billingExceptions.id, cap.id));
    expect(row).toMatchObject({ status: 'assigned', assignedTo: assignee, assignedBy: 'agent' });
    expect(await auditActions(database)).toEqual(['exception.assign']);
  });

  it('refuses an unknown, inactive or agent assignee', async () => {
    const { cap } = await cappedDraft(database);
    const [bot] = await database.db
      .insert(users)
      .values({ email: 'bot@example.com', name: 'Agent', roles: ['agent'], kind: 'agent' })
      .returning();
    await database.db
      .update(users)
      .set({ active: false })
      .where(and(eq(users.id, assignee), sql`true`));
    for (const id of [assignee, bot!.id, '00000000-0000-4000-8000-000000000000']) {
      expect(codeOf(await assignException(database, ctxOf(cast.clerk), { exceptionId: cap.id, assigneeId: id }))).toBe(
        'ASSIGNEE_NOT_FOUND',
      );
    }
  });

  it('refuses assigning a resolved exception', async () => {
    const { cap } = await cappedDraft(database);
    unwrap(
      await resolveException(database, ctxOf(cast.am), {
        exceptionId: cap.id,
        resolutionCode: 'approved_as_is',
        note: 'ok',
      }),
    );
    expect(
      codeOf(await assignException(database, ctxOf(cast.clerk), { exceptionId: cap.id, assigneeId: assignee })),
    ).toBe('EXCEPTION_ALREADY_RESOLVED');
  });
});
