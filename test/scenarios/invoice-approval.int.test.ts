import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { approvals, invoices } from '../../src/db/schema/index.ts';
import { approveInvoice, rejectInvoice, submitInvoice, voidInvoice } from '../../src/tools/invoices/lifecycle/index.ts';
import { approvalsInbox } from '../../src/tools/approvals/approvals-inbox.ts';
import { createTestDatabase, databasePerTest } from '../helpers/db.ts';
import { loadFirm } from '../helpers/firm.ts';
import {
  NOW,
  agentFor,
  auditActions,
  cast,
  codeOf,
  ctxOf,
  insertInvoice,
  person,
  unwrap,
} from '../helpers/invoices.ts';

const USD_60K = 6_000_000n;
const USD_20K = 2_000_000n;

describe('approveInvoice', () => {
  let database: Database;
  databasePerTest(
    (d) => {
      database = d;
    },
    { setup: loadFirm },
  );

  const invoiceRow = async (id: string) => (await database.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;

  describe('segregation of duties', () => {
    it('refuses the preparer of the invoice', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, preparedBy: cast.pm.userId });
      expect(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_PREPARER_CANNOT_APPROVE' },
      });
    });

    it('refuses the preparer also when a level is needed', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_20K, preparedBy: cast.ctl.userId });
      expect(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_PREPARER_CANNOT_APPROVE' },
      });
    });

    it('refuses the person who submitted it', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, submittedBy: cast.pm.userId });
      expect(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_INITIATOR_CANNOT_APPROVE' },
      });
    });

    it('refuses the person for whom the agent submitted it', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_20K, status: 'draft' });
      unwrap(await submitInvoice(database, ctxOf(agentFor(cast.ctl)), { invoiceId: id }));
      expect(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_INITIATOR_CANNOT_APPROVE' },
      });
      expect(unwrap(await approveInvoice(database, ctxOf(cast.ctl2), { invoiceId: id })).outcome).toBe('approved');
    });

    it('refuses one person approving two levels of the same invoice', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_60K });
      expect(unwrap(await approveInvoice(database, ctxOf(cast.ctlFa), { invoiceId: id }))).toMatchObject({
        outcome: 'level_approved',
        approvedLevel: 1,
      });
      expect(await approveInvoice(database, ctxOf(cast.ctlFa), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_ONE_LEVEL_PER_APPROVER' },
      });
      expect((await invoiceRow(id)).status).toBe('pending_approval');
    });

    it('refuses the agent, even for a finance admin', async () => {
      const small = await insertInvoice(database, { totalMinor: 100_00n });
      const large = await insertInvoice(database, { totalMinor: USD_60K });
      for (const id of [small, large]) {
        expect(await approveInvoice(database, ctxOf(agentFor(cast.ctlFa)), { invoiceId: id })).toMatchObject({
          ok: false,
          error: { code: 'SOD_VIOLATION', policyCode: 'AGENT_CANNOT_DECIDE' },
        });
      }
    });

    it('refuses a billing clerk, who may not approve invoices', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      expect(await approveInvoice(database, ctxOf(cast.clerk2), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', policyCode: 'ROLE_NOT_PERMITTED' },
      });
    });

    it('refuses an approver limited to another legal entity', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      const elsewhere = person('u-pm-eu', ['project_manager'], ['00000000-0000-4000-8000-000000000001']);
      expect(await approveInvoice(database, ctxOf(elsewhere), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', policyCode: 'ENTITY_OUT_OF_SCOPE' },
      });
    });
  });

  describe('levels', () => {
    it('asks a project manager for a controller over 10,000.00 USD, with the reason', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_20K });
      const r = await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id });
      expect(r).toMatchObject({
        ok: false,
        error: {
          code: 'APPROVAL_REQUIRED',
          steps: [{ level: 1, role: 'controller', reason: 'invoice total 20000.00 USD is over 10000.00 USD' }],
        },
      });
      expect(!r.ok && r.error.message).toMatch(/level 1 by a controller: invoice total 20000\.00 USD/);
    });

    it('approves over 50,000.00 USD after a controller and then a finance admin, each recorded', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_60K });
      expect(await approveInvoice(database, ctxOf(cast.fa), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'APPROVAL_REQUIRED' },
      });
      expect(unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }))).toMatchObject({
        outcome: 'level_approved',
        status: 'pending_approval',
        number: null,
        approvedLevel: 1,
        remainingSteps: [{ level: 2, role: 'finance_admin' }],
      });
      expect(unwrap(await approveInvoice(database, ctxOf(cast.fa), { invoiceId: id }))).toMatchObject({
        outcome: 'approved',
        number: 'TUS-000001',
        approvedLevel: 2,
      });
      expect((await invoiceRow(id)).approvedBy).toBe('u-fa');
      expect(await auditActions(database)).toEqual(['approval.grant', 'approval.grant', 'invoice.approve']);
    });

    it('asks a controller for an invoice with an open exception, even a small one', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, id));
      await database.db.execute(`INSERT INTO exceptions (dedupe_key, type, severity, owner_role, message, invoice_id, sla_hours, sla_due_at, contract_id)
        VALUES ('t:1', 'rate_mismatch', 'warning', 'billing_clerk', 'rate differs', '${id}', 72, now(), '${inv!.contractId}')`);
      expect(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id })).toMatchObject({
        ok: false,
        error: {
          code: 'APPROVAL_REQUIRED',
          steps: [{ role: 'controller', reason: '1 open exception on the invoice' }],
        },
      });
    });
  });

  describe('approvals bound to the arguments', () => {
    it('needs the controller again once the invoice changed after the first level', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_60K });
      unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
      unwrap(await rejectInvoice(database, ctxOf(cast.fa), { invoiceId: id, reason: 'missing a line' }));
      unwrap(await submitInvoice(database, ctxOf(cast.clerk), { invoiceId: id, expectedRevision: 2 }));
      const r = await approveInvoice(database, ctxOf(cast.fa), { invoiceId: id });
      expect(r).toMatchObject({
        ok: false,
        error: {
          code: 'ARGS_CHANGED',
          missing: [
            { level: 1, problem: 'args_changed' },
            { level: 2, problem: 'missing' },
          ],
        },
      });
      unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
      expect(unwrap(await approveInvoice(database, ctxOf(cast.fa), { invoiceId: id })).outcome).toBe('approved');
    });

    it('does not count a level granted for another total', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_60K });
      unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
      // A change behind the use cases' back: the stored approval no longer matches the arguments.
      await database.db
        .update(invoices)
        .set({ totalMinor: USD_60K + 1n, subtotalMinor: USD_60K + 1n })
        .where(eq(invoices.id, id));
      expect(await approveInvoice(database, ctxOf(cast.fa), { invoiceId: id })).toMatchObject({
        ok: false,
        error: { code: 'ARGS_CHANGED' },
      });
    });

    it('refuses an approver who reviewed another revision', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n });
      expect(codeOf(await approveInvoice(database, ctxOf(cast.pm), { invoiceId: id, expectedRevision: 2 }))).toBe(
        'ARGS_CHANGED',
      );
    });

    it('lets an approver renew an expired level', async () => {
      const id = await insertInvoice(database, { totalMinor: USD_60K });
      unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: id }));
      const later = new Date(NOW.getTime() + 73 * 3_600_000);
      expect(await approveInvoice(database, ctxOf(cast.fa, later), { invoiceId: id })).toMatchObject({
        ok: false,
        error: {
          code: 'APPROVAL_REQUIRED',
          missing: [
            { level: 1, problem: 'expired' },
            { level: 2, problem: 'missing' },
          ],
        },
      });
      expect(unwrap(await approveInvoice(database, ctxOf(cast.ctl, later), { invoiceId: id })).approvedLevel).toBe(1);
      expect(unwrap(await approveInvoice(database, ctxOf(cast.fa, later), { invoiceId: id })).outcome).toBe('approved');
      expect(await database.db.select().from(approvals)).toHaveLength(2);
    });
  });
});

describe('approvalsInbox', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
  });
  afterEach(async () => database.close());

  // An item that waits for the actor's role but that they may not decide now ends in !<why>.
  const kinds = async (actor: Parameters<typeof ctxOf>[0]) =>
    unwrap(await approvalsInbox(database, ctxOf(actor))).items.map(
      (i) =>
        `${i.kind === 'invoice_approval' ? `${i.reference}:${i.level ?? '-'}:${i.role ?? '-'}` : `${i.actionType}:${i.level}:${i.role}`}${i.canDecide ? '' : `!${i.blocked?.code ?? i.problem?.code}`}`,
    );

  it('shows each approver what waits for their role, with the reason, and nothing to others', async () => {
    const small = await insertInvoice(database, { totalMinor: 100_00n });
    const large = await insertInvoice(database, { totalMinor: USD_60K });
    const draft = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
    const asked = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: draft, reason: 'duplicate' });
    expect(codeOf(asked)).toBe('APPROVAL_REQUIRED');
    const ref = (id: string) => `DRAFT-${id.slice(0, 8).toUpperCase()}`;

    expect(await kinds(cast.pm)).toEqual([`${ref(small)}:-:-`]);
    expect((await kinds(cast.ctl)).sort()).toEqual(
      [`${ref(large)}:1:controller`, `${ref(small)}:-:-`, 'invoice.void:1:controller'].sort(),
    );
    expect((await kinds(cast.fa)).sort()).toEqual(
      [`${ref(large)}:2:finance_admin!APPROVAL_OUT_OF_ORDER`, `${ref(small)}:-:-`].sort(),
    );
    expect(await kinds(cast.clerk2)).toEqual([]);
    expect(await kinds(cast.auditor)).toEqual([]);
    expect((await kinds(agentFor(cast.ctlFa))).sort()).toEqual(
      [
        `${ref(large)}:1:controller!AGENT_CANNOT_DECIDE`,
        `${ref(small)}:-:-!AGENT_CANNOT_DECIDE`,
        'invoice.void:1:controller!AGENT_CANNOT_DECIDE',
      ].sort(),
    );

    const inbox = unwrap(await approvalsInbox(database, ctxOf(cast.ctl)));
    const item = inbox.items.find((i) => i.kind === 'invoice_approval' && i.invoiceId === large);
    expect(item).toMatchObject({
      reason: 'invoice total 60000.00 USD is over 50000.00 USD',
      total: { amount: '60000.00', currency: 'USD' },
      requestedBy: 'u-clerk',
    });
  });

  it('moves the large invoice to the finance admin once the controller approved, and that controller may not approve it again', async () => {
    const large = await insertInvoice(database, { totalMinor: USD_60K });
    unwrap(await approveInvoice(database, ctxOf(cast.ctlFa), { invoiceId: large }));
    const ref = `DRAFT-${large.slice(0, 8).toUpperCase()}`;
    expect(await kinds(cast.fa)).toEqual([`${ref}:2:finance_admin`]);
    expect(await kinds(cast.ctlFa)).toEqual([`${ref}:2:finance_admin!SOD_ONE_LEVEL_PER_APPROVER`]);
    expect(await kinds(cast.ctl)).toEqual([]);
  });

  it('tells the person who submitted an invoice that they may not approve it, and leaves it out of what they may decide', async () => {
    await insertInvoice(database, { totalMinor: 100_00n, submittedBy: cast.pm.userId });
    expect(await kinds(cast.pm)).toEqual([expect.stringMatching(/:-:-!SOD_INITIATOR_CANNOT_APPROVE$/)]);
    expect(unwrap(await approvalsInbox(database, ctxOf(cast.pm), { canDecide: 'true' })).items).toEqual([]);
  });

  it('pages the items', async () => {
    for (let i = 0; i < 5; i++) await insertInvoice(database, { totalMinor: 100_00n });
    const page = unwrap(await approvalsInbox(database, ctxOf(cast.pm), { limit: 2, offset: 4 }));
    expect([page.items.length, page.total]).toEqual([1, 5]);
  });
});
