import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { addTime, bill } from '../../../test/helpers/firm.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { addUser } from '../../../test/helpers/users.ts';
import { auditLog, clients, contracts, invoiceLines, invoices } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { voidInvoice } from '../invoices/lifecycle/index.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
type Row = typeof invoices.$inferSelect;

/**
 * An approved move takes the client's invoices that are prepared but not yet numbered to the new entity, in the move's
 * transaction: a draft, and an invoice pending approval (approved again there); an approved invoice keeps the number
 * the old entity gave it.
 */
describe(`moving a client with invoices prepared and not yet issued on ${backend}`, () => {
  const env = useFirmApp();
  const post = (key: string, path: string, body: unknown = {}) => call<Body>(env.app, 'POST', path, { key, body });
  const key = (role: 'billing_clerk' | 'controller' | 'finance_admin') => env.users.key[role];
  const invoice = async (id: string): Promise<Row> =>
    (await env.database.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;
  const ofPeriod = async (period: string): Promise<Row> => {
    const [k] = await env.database.db.select().from(contracts).where(eq(contracts.code, 'K-A'));
    const [row] = await env.database.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.contractId, k!.id), eq(invoices.period, period)));
    return row!;
  };
  /** A controller limited to the entity the client leaves. */
  let controllerOfA: string;
  let draft: Row;
  /** 60,000.00 USD: a controller, then a finance admin (55,200.00 EUR in LE-B: the same two levels). */
  let pending: Row;
  let approved: Row;
  /** Drafts that follow an invoice LE-A issued: a late fee on it and a supplementary invoice of it. */
  let lateFee: string;
  let supplement: string;

  /** A draft of client A in LE-A beside an invoice LE-A issued, inserted directly (their own tests make them). */
  const followOn = async (issued: { id: string }, what: 'late fee' | 'supplement'): Promise<string> => {
    const parent = await invoice(issued.id);
    const [row] = await env.database.db
      .insert(invoices)
      .values({
        legalEntityId: parent.legalEntityId,
        clientId: parent.clientId,
        contractId: parent.contractId,
        period: parent.period,
        currency: parent.currency,
        paymentTermsDays: 30,
        // A late fee is a one-line invoice supplementing the posted invoice it charges (apply-late-fee.ts).
        supplementsInvoiceId: parent.id,
      })
      .returning({ id: invoices.id });
    if (what === 'late fee')
      await env.database.db.insert(invoiceLines).values({
        invoiceId: row!.id,
        lineKey: `late_fee:${parent.id}:1`,
        lineNo: 1,
        kind: 'late_fee',
        description: 'Late fee',
        quantity: '1',
        unit: 'fee',
        unitPrice: '10',
        amountMinor: 1000n,
        preciseAmount: '10',
        taxCategory: 'standard',
        taxRatePercent: '0',
        taxMinor: 0n,
        contractTerm: 'late_fee',
        servicePeriodStart: '2026-03-01',
        servicePeriodEnd: '2026-03-31',
      });
    return row!.id;
  };

  beforeAll(async () => {
    const db = env.database.db;
    const a = await addUser(db, {
      email: 'controller.a@test.example',
      name: 'controller (LE-A)',
      roles: ['controller'],
      entities: ['LE-A'],
    });
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    controllerOfA = a.value.key;
    await addTime(env.database, { person: 'P-A', project: 'PR-A', date: '2026-08-03', hours: '8' });
    for (let day = 1; day <= 25; day++)
      await addTime(env.database, {
        person: 'P-A',
        project: 'PR-A',
        date: `2026-09-${String(day).padStart(2, '0')}`,
        hours: '16',
      });
    await bill(env.database, '2026-08');
    await bill(env.database, '2026-09');
    draft = await ofPeriod('2026-10');
    for (const period of ['2026-08', '2026-09']) {
      const inv = await ofPeriod(period);
      const submitted = await post(key('billing_clerk'), `/invoices/${inv.id}/submit`);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    }
    // Entity A's controller approves the small one (numbered by LE-A) and grants the first level of the large one.
    const small = await post(controllerOfA, `/invoices/${(await ofPeriod('2026-08')).id}/approve`);
    expect(small.body, JSON.stringify(small.body)).toMatchObject({ outcome: 'approved' });
    const first = await post(controllerOfA, `/invoices/${(await ofPeriod('2026-09')).id}/approve`);
    expect(first.body, JSON.stringify(first.body)).toMatchObject({ outcome: 'level_approved', approvedLevel: 1 });
    [pending, approved] = [await ofPeriod('2026-09'), await ofPeriod('2026-08')];
    expect([draft.status, pending.status, approved.status]).toEqual(['draft', 'pending_approval', 'approved']);
    expect(approved.number).toMatch(/^A-/);

    const issued = await openInvoice(env.database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-02-10',
      totalMinor: 100_000n,
    });
    [lateFee, supplement] = [await followOn(issued, 'late fee'), await followOn(issued, 'supplement')];

    const move = { code: 'CL-A', legalEntity: 'LE-B', name: 'Client A', country: 'US' };
    const asked = await post(key('billing_clerk'), '/clients', move);
    expect(asked.status, JSON.stringify(asked.body)).toBe(409);
    const granted = await post(key('finance_admin'), `/approvals/${asked.body.details!.requestId as string}/grant`);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const moved = await post(key('billing_clerk'), '/clients', move);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  });

  it('puts the draft and the invoice pending approval in the new entity, each at a new revision', async () => {
    const [d, p] = [await invoice(draft.id), await invoice(pending.id)];
    expect([d.legalEntityId, p.legalEntityId]).toEqual([env.targets.entityB, env.targets.entityB]);
    expect([d.revision, p.revision]).toEqual([draft.revision + 1, pending.revision + 1]);
    expect([d.status, p.status, p.number]).toEqual(['draft', 'pending_approval', null]);
  });

  it('keeps an approved invoice with the entity that numbered it', async () => {
    const kept = await invoice(approved.id);
    expect(kept).toMatchObject({ legalEntityId: env.targets.entityA, number: approved.number, status: 'approved' });
  });

  it('keeps a late fee and a supplementary invoice of an invoice the old entity issued with that entity', async () => {
    expect([(await invoice(lateFee)).legalEntityId, (await invoice(supplement)).legalEntityId]).toEqual([
      env.targets.entityA,
      env.targets.entityA,
    ]);
  });

  it("names the invoices moved and kept in the move's audit row", async () => {
    const [c] = await env.database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
    const rows = await env.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.update'), eq(auditLog.targetId, c!.id)));
    expect(rows).toHaveLength(1);
    const moved = [
      { id: draft.id, status: 'draft', revision: draft.revision + 1 },
      { id: pending.id, status: 'pending_approval', revision: pending.revision + 1 },
    ].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(rows[0]!.after).toMatchObject({
      legalEntity: 'LE-B',
      contractsMoved: ['K-A', 'U-A'],
      invoicesMoved: moved,
      invoicesKept: [
        { id: approved.id, number: approved.number, status: 'approved' },
        ...[
          { id: lateFee, number: null, status: 'draft' },
          { id: supplement, number: null, status: 'draft' },
        ].sort((x, y) => (x.id < y.id ? -1 : 1)),
      ],
    });
  });

  it('does not count a level granted before the move: approvers of the new entity approve it again', async () => {
    // The old entity's controller granted level 1; a finance admin completing it now would issue it unseen by LE-B.
    const early = await post(key('finance_admin'), `/invoices/${pending.id}/approve`);
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.code).toBe('ARGS_CHANGED');
    // The controller limited to LE-A may no longer act on it at all.
    const outside = await post(controllerOfA, `/invoices/${pending.id}/approve`);
    expect(outside, JSON.stringify(outside.body)).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
    expect((await invoice(pending.id)).status).toBe('pending_approval');
  });

  it('numbers it in the new entity once approvers with that entity in scope approve it', async () => {
    const first = await post(key('controller'), `/invoices/${pending.id}/approve`);
    expect(first.body, JSON.stringify(first.body)).toMatchObject({ outcome: 'level_approved', approvedLevel: 1 });
    const last = await post(key('finance_admin'), `/invoices/${pending.id}/approve`);
    expect(last.body, JSON.stringify(last.body)).toMatchObject({
      outcome: 'approved',
      number: expect.stringMatching(/^B-/),
    });
    expect(await invoice(pending.id)).toMatchObject({ legalEntityId: env.targets.entityB, status: 'approved' });
  });

  it('does not void the draft on a void approved for its old revision', async () => {
    // The fixture asked to void the draft before the move (a controller's approval, bound to the draft's revision).
    const granted = await post(key('controller'), `/approvals/${env.targets.approvalRequestA}/grant`);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const actor = { userId: 'fixture-clerk', roles: ['billing_clerk' as const], entityIds: null, onBehalfOf: null };
    const retried = await voidInvoice(
      env.database,
      { actor, correlationId: 'void-after-move', now: new Date() },
      { invoiceId: draft.id, reason: 'fixture: an approval request' },
    );
    expect(retried.ok ? 'ok' : retried.error.code).toBe('ARGS_CHANGED');
    expect((await invoice(draft.id)).status).toBe('draft');
  });

  it('keeps the draft in the new entity when its period is billed again', async () => {
    await bill(env.database, '2026-10');
    expect((await invoice(draft.id)).legalEntityId).toBe(env.targets.entityB);
  });

  it('bills the period of an approved invoice it kept in the new entity once that invoice is voided', async () => {
    const actor = { userId: 'clerk-void', roles: ['billing_clerk' as const], entityIds: null, onBehalfOf: null };
    const ctx = () => ({ actor, correlationId: 'void-kept', now: new Date() });
    const input = { invoiceId: approved.id, reason: 'the client moved to LE-B' };
    const asked = await voidInvoice(env.database, ctx(), input);
    expect(asked.ok ? 'ok' : asked.error.code).toBe('APPROVAL_REQUIRED');
    const requestId = (asked as { error: { requestId: string } }).error.requestId;
    expect((await post(key('controller'), `/approvals/${requestId}/grant`)).status).toBe(200);
    const voided = await voidInvoice(env.database, ctx(), input);
    expect(voided.ok ? voided.value.number : voided.error.code).toBe(approved.number);
    await bill(env.database, '2026-08');
    const [k] = await env.database.db.select().from(contracts).where(eq(contracts.code, 'K-A'));
    const rows = await env.database.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.contractId, k!.id), eq(invoices.period, '2026-08')));
    expect(rows.map((r) => [r.status, r.legalEntityId, r.number]).sort()).toEqual(
      [
        ['draft', env.targets.entityB, null],
        ['void', env.targets.entityA, approved.number],
      ].sort(),
    );
  });

  it('leaves an audit chain that verifies', async () => {
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});
