import { beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import { approvalRequests, invoiceLines, invoices } from '../../src/db/schema/index.ts';
import {
  approveInvoice,
  createCreditNote,
  markDelivered,
  postInvoice,
  rejectInvoice,
  submitInvoice,
  voidInvoice,
  writeOffInvoice,
} from '../../src/tools/invoices/lifecycle/index.ts';
import { grantApproval } from '../../src/tools/approvals/grant-approval.ts';
import { rejectApproval } from '../../src/tools/approvals/reject-approval.ts';
import { databasePerTest } from '../helpers/db.ts';
import { addTime, bill, loadFirm, smallFirm } from '../helpers/firm.ts';
import { agentFor, auditActions, cast, codeOf, ctxOf, insertInvoice, unwrap } from '../helpers/invoices.ts';

describe('invoice lifecycle', () => {
  let database: Database;
  // Every action of every test left a row in a chain that still verifies.
  databasePerTest((d) => {
    database = d;
  });

  const billedDraft = async (): Promise<string> => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.50' });
    await bill(database, '2026-10');
    const [draft] = await database.db.select().from(invoices).where(eq(invoices.period, '2026-10'));
    return draft!.id;
  };
  const posted = async (totalMinor: bigint): Promise<string> => {
    const id = await insertInvoice(database, { totalMinor });
    unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
    unwrap(await postInvoice(database, ctxOf(cast.clerk), { invoiceId: id }));
    return id;
  };
  const statusOf = async (id: string) => (await database.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;

  describe('happy path', () => {
    beforeEach(async () => loadFirm(database));

    it('takes a billed draft through submit, approve, post and deliver with one audit row per step', async () => {
      const id = await billedDraft();
      unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id, expectedRevision: 1 }));
      expect(unwrap(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id }))).toMatchObject({
        outcome: 'approved',
        number: 'TUS-000001',
      });
      unwrap(await postInvoice(database, ctxOf(cast.clerk), { invoiceId: id }));
      expect(unwrap(await markDelivered(database, ctxOf(cast.clerk), { invoiceId: id }))).toMatchObject({
        status: 'delivered',
        number: 'TUS-000001',
      });
      const inv = await statusOf(id);
      expect(inv).toMatchObject({
        status: 'delivered',
        issueDate: '2026-11-26',
        dueDate: '2026-12-26',
        submittedBy: 'u-clerk',
        approvedBy: 'u-pm',
      });
      expect(await auditActions(database)).toEqual([
        'invoice.submit',
        'invoice.approve',
        'invoice.post',
        'invoice.deliver',
      ]);
    });

    it('records the agent and the person it acts for when the agent submits', async () => {
      const id = await billedDraft();
      unwrap(await submitInvoice(database, ctxOf(agentFor(cast.clerk)), { invoiceId: id }));
      const [row] = await queryRows<{ actor_id: string; on_behalf_of: string }>(
        database.db,
        sql`SELECT actor_id, on_behalf_of FROM audit_log`,
      );
      expect(row).toEqual({ actor_id: 'agent', on_behalf_of: 'u-clerk' });
      expect(await statusOf(id)).toMatchObject({ submittedBy: 'agent', submittedFor: 'u-clerk' });
    });
  });

  describe('refusals', () => {
    beforeEach(async () => loadFirm(database));

    it('refuses every command from a status that does not allow it', async () => {
      const draft = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      const pending = await insertInvoice(database, { totalMinor: 100_00n });
      const approved = await insertInvoice(database, { totalMinor: 100_00n });
      unwrap(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: approved }));
      const done = await posted(100_00n);
      const c = ctxOf(cast.ctl);
      const results = {
        submitPending: await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: pending }),
        approveDraft: await approveInvoice(database, c, { invoiceId: draft }),
        rejectApproved: await rejectInvoice(database, c, { invoiceId: approved, reason: 'x' }),
        postPending: await postInvoice(database, ctxOf(cast.clerk), { invoiceId: pending }),
        deliverApproved: await markDelivered(database, ctxOf(cast.clerk), { invoiceId: approved }),
        voidPosted: await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: done, reason: 'x' }),
        writeOffApproved: await writeOffInvoice(database, c, { invoiceId: approved, reason: 'x' }),
        creditDraft: await createCreditNote(database, ctxOf(cast.am), { invoiceId: draft, reason: 'x' }),
      };
      for (const [name, r] of Object.entries(results)) expect([name, codeOf(r)]).toEqual([name, 'INVALID_TRANSITION']);
      expect(!results.voidPosted.ok && results.voidPosted.error.message).toMatch(/credit note/);
    });

    it('returns INVOICE_NOT_FOUND for an id that is no invoice', async () => {
      expect(
        codeOf(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: '00000000-0000-4000-8000-000000000000' })),
      ).toBe('INVOICE_NOT_FOUND');
    });

    it('refuses the auditor, who only reads', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      expect(await submitInvoice(database, ctxOf(cast.auditor), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', policyCode: 'ROLE_NOT_PERMITTED' },
      });
    });

    it('refuses submitting a draft the caller did not review (another revision)', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      expect(codeOf(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id, expectedRevision: 7 }))).toBe(
        'ARGS_CHANGED',
      );
    });

    it('writes no audit row for a refused action', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      await postInvoice(database, ctxOf(cast.clerk), { invoiceId: id });
      expect(await auditActions(database)).toEqual([]);
    });
  });

  describe('submitInvoice', () => {
    it('refuses a draft with an open blocking exception', async () => {
      const bundle = smallFirm();
      bundle.clients[0]!.poRequired = true;
      await loadFirm(database, bundle);
      const id = await billedDraft();
      const r = await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id });
      expect(r).toMatchObject({ ok: false, error: { code: 'OPEN_BLOCKING_EXCEPTIONS' } });
      expect((await statusOf(id)).status).toBe('draft');
    });

    it('refuses a held draft even when no exception is open', async () => {
      await loadFirm(database);
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      await database.db.update(invoiceLines).set({ held: true }).where(eq(invoiceLines.invoiceId, id));
      await database.db.update(invoices).set({ held: true, heldMinor: 100_00n }).where(eq(invoices.id, id));
      expect(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'INVOICE_HELD', held: { amount: '100.00', currency: 'USD' } },
      });
    });
  });

  describe('rejectInvoice', () => {
    beforeEach(async () => loadFirm(database));

    it('sends a pending invoice back to draft with the reason and a new revision', async () => {
      const id = await billedDraft();
      unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id }));
      expect(
        unwrap(await rejectInvoice(database, ctxOf(cast.ctl), { invoiceId: id, reason: 'wrong rate for Ana' })),
      ).toEqual({
        invoiceId: id,
        status: 'draft',
        revision: 2,
        rejectionCount: 1,
      });
      expect(await statusOf(id)).toMatchObject({
        status: 'draft',
        statusReason: 'wrong rate for Ana',
        submittedBy: null,
      });
      unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id, expectedRevision: 2 }));
      const [row] = await queryRows<{ reason: string }>(
        database.db,
        sql`SELECT reason FROM audit_log WHERE action = 'invoice.reject'`,
      );
      expect(row!.reason).toBe('wrong rate for Ana');
    });

    it('refuses the agent, which may never decide', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      expect(await rejectInvoice(database, ctxOf(agentFor(cast.fa)), { invoiceId: id, reason: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'AGENT_CANNOT_DECIDE' },
      });
    });
  });

  describe('voidInvoice', () => {
    beforeEach(async () => loadFirm(database));

    it('voids a draft once a controller approved, and its time is billed again by the next run', async () => {
      const id = await billedDraft();
      const asked = await voidInvoice(database, ctxOf(cast.clerk), {
        invoiceId: id,
        reason: 'duplicate of a manual invoice',
      });
      expect(asked).toMatchObject({
        ok: false,
        error: { code: 'APPROVAL_REQUIRED', steps: [{ level: 1, role: 'controller' }] },
      });
      const requestId = !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '';
      expect((await statusOf(id)).status).toBe('draft');
      expect(unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId }))).toMatchObject({
        approvedLevel: 1,
        ready: true,
      });
      const done = unwrap(
        await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate of a manual invoice' }),
      );
      expect(done).toMatchObject({
        status: 'void',
        released: { timeEntries: 1, expenses: 0, usageRecords: 0, milestones: 0 },
      });
      const [req] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, requestId));
      expect(req!.status).toBe('executed');
      const again = await bill(database, '2026-10');
      expect(again.invoicesWritten).toBe(1);
      const drafts = await database.db.select().from(invoices).where(eq(invoices.status, 'draft'));
      expect(drafts.map((d) => d.totalMinor)).toEqual([105000n]);
      expect(drafts[0]!.id).not.toBe(id);
      expect(await auditActions(database)).toEqual(['approval.request', 'approval.grant', 'invoice.void']);
    });

    it("keeps an approved invoice's number used when it is voided", async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      unwrap(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id }));
      const asked = await voidInvoice(database, ctxOf(cast.clerk), {
        invoiceId: id,
        reason: 'sent to the wrong client',
      });
      unwrap(
        await grantApproval(database, ctxOf(cast.ctl), {
          requestId: !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '',
        }),
      );
      expect(
        unwrap(await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'sent to the wrong client' })),
      ).toMatchObject({ number: 'TUS-000001' });
      const next = await insertInvoice(database, { totalMinor: 100_00n });
      expect(unwrap(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: next })).number).toBe('TUS-000002');
    });

    it('does not void an invoice approved since the void was approved: the approval was for a pending invoice (ARGS_CHANGED)', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      const asked = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' });
      unwrap(
        await grantApproval(database, ctxOf(cast.ctl), {
          requestId: !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '',
        }),
      );
      unwrap(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id }));
      expect(codeOf(await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' }))).toBe(
        'ARGS_CHANGED',
      );
      expect(await statusOf(id)).toMatchObject({ status: 'approved', number: 'TUS-000001' });
    });

    it('refuses the controller who approved a void carrying it out; the clerk who asked for it does', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      const asked = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'test data' });
      unwrap(
        await grantApproval(database, ctxOf(cast.ctl), {
          requestId: !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '',
        }),
      );
      expect(await voidInvoice(database, ctxOf(cast.ctl), { invoiceId: id, reason: 'test data' })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_APPROVER_CANNOT_EXECUTE' },
      });
      expect((await statusOf(id)).status).toBe('draft');
      expect(
        unwrap(await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'test data' })).status,
      ).toBe('void');
    });

    it('refuses the requester approving their own void', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      const asked = await voidInvoice(database, ctxOf(cast.ctl), { invoiceId: id, reason: 'test data' });
      const requestId = !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '';
      expect(await grantApproval(database, ctxOf(cast.ctl), { requestId })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_INITIATOR_CANNOT_APPROVE' },
      });
      unwrap(await grantApproval(database, ctxOf(cast.ctl2), { requestId }));
      expect(unwrap(await voidInvoice(database, ctxOf(cast.ctl), { invoiceId: id, reason: 'test data' })).status).toBe(
        'void',
      );
    });

    it('needs a new approval when the arguments change after approval', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      const asked = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' });
      const first = !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '';
      unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId: first }));
      const changed = await voidInvoice(database, ctxOf(cast.clerk), {
        invoiceId: id,
        reason: 'duplicate, and the client went bust',
      });
      expect(changed).toMatchObject({
        ok: false,
        error: { code: 'ARGS_CHANGED', missing: [{ level: 1, problem: 'args_changed' }] },
      });
      const second = !changed.ok && 'requestId' in changed.error ? changed.error.requestId! : '';
      expect(second).not.toBe(first);
      const reqs = await database.db.select().from(approvalRequests);
      expect(Object.fromEntries(reqs.map((r) => [r.id, r.status]))).toEqual({
        [first]: 'superseded',
        [second]: 'pending',
      });
    });

    it('refuses the same void again once an approver refused it', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      const asked = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' });
      const requestId = !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '';
      expect(await rejectApproval(database, ctxOf(agentFor(cast.ctl)), { requestId, reason: 'no' })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION' },
      });
      unwrap(await rejectApproval(database, ctxOf(cast.ctl), { requestId, reason: 'it is not a duplicate' }));
      expect(await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' })).toMatchObject({
        ok: false,
        error: { code: 'APPROVAL_REJECTED', reason: 'it is not a duplicate' },
      });
    });
  });

  describe('createCreditNote', () => {
    beforeEach(async () => loadFirm(database));

    it('credits a posted invoice after a controller approved, with negated lines and the next number', async () => {
      const id = await posted(2_500_00n);
      const asked = await createCreditNote(database, ctxOf(cast.am), { invoiceId: id, reason: 'goodwill' });
      expect(asked).toMatchObject({
        ok: false,
        error: {
          code: 'APPROVAL_REQUIRED',
          steps: [{ level: 1, role: 'controller', reason: 'every credit note needs approval' }],
        },
      });
      unwrap(
        await grantApproval(database, ctxOf(cast.ctl2), {
          requestId: !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '',
        }),
      );
      const note = unwrap(await createCreditNote(database, ctxOf(cast.am), { invoiceId: id, reason: 'goodwill' }));
      expect(note).toMatchObject({
        number: 'TUS-000002',
        status: 'approved',
        creditsInvoiceId: id,
        total: { amount: '-2500.00', currency: 'USD' },
        lines: 1,
      });
      const lines = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, note.creditNoteId));
      expect(lines.map((l) => [l.lineKey.startsWith('credit:'), l.amountMinor, l.quantity])).toEqual([
        [true, -2_500_00n, '-1.000000'],
      ]);
      expect(await statusOf(note.creditNoteId)).toMatchObject({
        kind: 'credit_note',
        totalMinor: -2_500_00n,
        approvedBy: 'u-ctl2',
      });
      unwrap(await postInvoice(database, ctxOf(cast.clerk), { invoiceId: note.creditNoteId }));
      expect(codeOf(await createCreditNote(database, ctxOf(cast.am), { invoiceId: id, reason: 'again' }))).toBe(
        'NOTHING_TO_CREDIT',
      );
    });

    it('refuses crediting a line twice', async () => {
      const id = await posted(300_00n);
      const [line] = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id));
      const input = { invoiceId: id, reason: 'hours disputed', lineIds: [String(line!.id)] };
      const asked = await createCreditNote(database, ctxOf(cast.clerk), input);
      unwrap(
        await grantApproval(database, ctxOf(cast.ctl2), {
          requestId: !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '',
        }),
      );
      unwrap(await createCreditNote(database, ctxOf(cast.clerk), input));
      expect(codeOf(await createCreditNote(database, ctxOf(cast.clerk), { ...input, reason: 'again' }))).toBe(
        'LINE_ALREADY_CREDITED',
      );
    });
  });

  describe('writeOffInvoice', () => {
    beforeEach(async () => loadFirm(database));

    it('writes off 6,000.00 USD only after a controller and then a finance admin', async () => {
      const id = await posted(6_000_00n);
      const asked = await writeOffInvoice(database, ctxOf(cast.collector), {
        invoiceId: id,
        reason: 'client insolvent',
      });
      expect(asked).toMatchObject({
        ok: false,
        error: {
          code: 'APPROVAL_REQUIRED',
          steps: [
            { level: 1, role: 'controller' },
            { level: 2, role: 'finance_admin' },
          ],
        },
      });
      const requestId = !asked.ok && 'requestId' in asked.error ? asked.error.requestId! : '';
      expect(unwrap(await grantApproval(database, ctxOf(cast.ctl2), { requestId }))).toMatchObject({
        approvedLevel: 1,
        ready: false,
        remainingSteps: [{ level: 2 }],
      });
      expect(
        codeOf(await writeOffInvoice(database, ctxOf(cast.collector), { invoiceId: id, reason: 'client insolvent' })),
      ).toBe('APPROVAL_REQUIRED');
      unwrap(await grantApproval(database, ctxOf(cast.fa), { requestId }));
      expect(
        unwrap(await writeOffInvoice(database, ctxOf(cast.collector), { invoiceId: id, reason: 'client insolvent' })),
      ).toMatchObject({
        status: 'written_off',
        writtenOff: { amount: '6000.00', currency: 'USD' },
      });
    });
  });
});
