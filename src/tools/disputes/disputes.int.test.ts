import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../../test/helpers/two-entity-firm.ts';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  clientCollectors,
  clients,
  invoiceDisputes,
  invoiceLines,
  invoices,
  reminderOutbox,
} from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Role } from '../../policy/roles.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { approvalsGrant } from '../approvals/grant-approval.ts';
import { callTool } from '../call-tool.ts';
import { collectionsSendReminders } from '../collections/send-reminders.ts';
import type { ToolCaller } from '../define-tool.ts';
import { invoicesCredit } from '../invoices/credit-invoice.ts';
import { invoicesDispute } from '../invoices/dispute-invoice.ts';
import { invoicesResolveDispute } from '../invoices/resolve-dispute.ts';
import { receivablesReport } from '../receivables/receivables-report.ts';
import { disputesList } from './list-disputes.ts';
import { disputesUpdate } from './update-dispute.ts';

describe(`disputes on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let firm: FirmTargets;
  let open: { id: string; number: string };
  let posted: string;
  let n = 0;
  const at = (day: string) => new Date(`${day}T09:00:00Z`);
  const person = (role: Role, day: string): ToolCaller => ({
    actor: { userId: users.ids[users.email(role)]!, roles: [role], entityIds: null, onBehalfOf: null },
    correlationId: `disputes-${role}-${++n}`,
    now: at(day),
    deps: { database, now: () => at(day) },
  });
  const disputeOf = async (invoiceId: string) =>
    (await database.db.select().from(invoiceDisputes).where(eq(invoiceDisputes.invoiceId, invoiceId)))[0]!;

  beforeAll(async () => {
    database = await createTestDatabase();
    firm = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    const [clA] = await database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
    await database.db.insert(clientCollectors).values({
      clientId: clA!.id,
      collectorId: users.ids[users.email('collector')]!,
      assignedBy: 'test',
      assignedAt: at('2026-01-01'),
    });
    open = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-02-10',
      totalMinor: 80_000n,
    });
    posted = await insertInvoice(database, {
      totalMinor: 150_000n,
      status: 'posted',
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('refuses evidence that does not exist or belongs elsewhere, writing nothing', async () => {
    const who = person('account_manager', '2026-03-20');
    const r = await callTool(who, invoicesDispute, {
      invoiceId: open.id,
      reason: 'billed twice',
      reasonCode: 'duplicate',
      evidence: [
        { kind: 'time_entry', ref: '999999999' },
        { kind: 'document', ref: '00000000-0000-4000-8000-000000000000' },
        { kind: 'contract_term', ref: 'K-B', term: 'rates' },
      ],
    });
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'DISPUTE_EVIDENCE_NOT_FOUND' });
    if (!r.ok) expect((r.error as { problems: string[] }).problems).toHaveLength(3);
    expect(await database.db.select().from(invoiceDisputes)).toHaveLength(0);
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, open.id));
    expect(inv!.status).toBe('delivered');
  });

  it('opens a coded dispute with its SLA from the table, the client collector as owner, and evidence that exists', async () => {
    const r = await callTool(person('account_manager', '2026-03-20'), invoicesDispute, {
      invoiceId: open.id,
      reason: 'billed twice',
      reasonCode: 'duplicate',
      evidence: [
        { kind: 'time_entry', ref: String(firm.submittedTimeA[0]), note: 'the same day on the earlier invoice' },
        { kind: 'contract_term', ref: 'K-A', term: 'rates' },
        { kind: 'document', ref: firm.termsDocumentA },
      ],
    });
    expect(r.ok ? 'ok' : JSON.stringify(r.error)).toBe('ok');
    expect(r.ok && r.value).toMatchObject({
      reasonCode: 'duplicate',
      dueOn: '2026-03-23',
      ownerId: users.ids[users.email('collector')],
    });
    expect((await disputeOf(open.id)).evidence).toHaveLength(3);
  });

  it('counts the disputed invoice in the dispute rate of the receivables report', async () => {
    const r = await callTool(person('controller', '2026-03-31'), receivablesReport, {
      asOf: '2026-03-31',
      legalEntity: 'LE-A',
      periodDays: 90,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.overall.find((m) => m.currency === 'USD')).toMatchObject({
      issuedInvoices: 1,
      disputedInvoices: 1,
      disputed: { amount: '800.00' },
      disputeRate: 100,
      disputeRateByAmount: 100,
    });
  });

  it('pauses dunning while the dispute is open: the nightly run sends it nothing', async () => {
    const night: ToolCaller = {
      actor: serviceActor('scheduler'),
      correlationId: `disputes-night-${++n}`,
      now: at('2026-03-31'),
      deps: { database, now: () => at('2026-03-31') },
    };
    const r = await callTool(night, collectionsSendReminders, { asOf: '2026-03-31' });
    expect(r.ok && r.value.skipped.disputed).toBe(1);
    expect(await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, open.id))).toEqual([]);
  });

  it('shows the dispute overdue once past its SLA day, and moves the SLA with a new reason code, audited', async () => {
    const before = await callTool(person('controller', '2026-03-23'), disputesList, {});
    expect(before.ok && before.value.items.map((d) => [d.invoice, d.overdue])).toEqual([[open.number, false]]);
    const late = await callTool(person('controller', '2026-03-26'), disputesList, {});
    expect(late.ok && late.value.items[0]).toMatchObject({ overdue: true, daysOverdue: 3, reasonCode: 'duplicate' });
    const who = person('controller', '2026-03-26');
    const u = await callTool(who, disputesUpdate, {
      invoice: open.number,
      reasonCode: 'scope',
      owner: users.email('controller'),
    });
    expect(u.ok && u.value).toMatchObject({ reasonCode: 'scope', dueOn: '2026-04-04', evidence: 3 });
    const after = await callTool(person('controller', '2026-03-26'), disputesList, { owner: 'me' });
    expect(after.ok && after.value.items[0]).toMatchObject({ overdue: false, dueOn: '2026-04-04' });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.correlationId, who.correlationId));
    expect(audit.map((a) => a.action)).toEqual(['invoice.update_dispute']);
    expect(audit[0]!.before).toMatchObject({ reasonCode: 'duplicate', dueOn: '2026-03-23' });
    const bad = await callTool(person('controller', '2026-03-26'), disputesUpdate, {
      invoice: open.number,
      owner: users.email('auditor'),
    });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('DISPUTE_OWNER_INVALID');
  });

  it('resolves by crediting and re-issuing a corrected invoice as a draft, naming both', async () => {
    unwrapOk(
      await callTool(person('collector', '2026-03-20'), invoicesDispute, {
        invoiceId: posted,
        reason: '10 hours billed, 8 worked',
        reasonCode: 'hours',
      }),
    );
    const noCredit = await callTool(person('controller', '2026-03-24'), invoicesResolveDispute, {
      invoiceId: posted,
      resolution: 'reissued',
      note: 'two hours too many',
      creditNote: open.number,
    });
    expect(noCredit.ok ? 'ok' : noCredit.error.code).toBe('CREDIT_NOTE_NOT_FOR_INVOICE');
    // The credit note goes through its own path and approval: the clerk asks, a controller grants.
    const asked = await callTool(person('billing_clerk', '2026-03-24'), invoicesCredit, {
      invoiceId: posted,
      reason: 'hours dispute',
    });
    if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') throw new Error(JSON.stringify(asked));
    unwrapOk(
      await callTool(person('controller', '2026-03-24'), approvalsGrant, {
        requestId: (asked.error as { requestId: string }).requestId,
      }),
    );
    const credit = unwrapOk(
      await callTool(person('billing_clerk', '2026-03-24'), invoicesCredit, {
        invoiceId: posted,
        reason: 'hours dispute',
      }),
    ) as { number: string; creditNoteId: string };
    const [line] = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, posted));
    const r = await callTool(person('controller', '2026-03-24'), invoicesResolveDispute, {
      invoiceId: posted,
      resolution: 'reissued',
      note: 'two hours too many',
      creditNote: credit.number,
      corrections: [{ line: String(line!.id), unitPrice: '1200' }],
    });
    expect(r.ok ? 'ok' : JSON.stringify(r.error)).toBe('ok');
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      resolution: 'reissued',
      creditNoteId: credit.creditNoteId,
      nextStep: 'submit_reissued_invoice',
    });
    const [draft] = await database.db.select().from(invoices).where(eq(invoices.id, r.value.reissuedInvoiceId!));
    expect(draft).toMatchObject({
      status: 'draft',
      kind: 'invoice',
      totalMinor: 120_000n,
      supplementsInvoiceId: posted,
    });
    expect(await disputeOf(posted)).toMatchObject({
      resolution: 'upheld',
      creditNoteId: credit.creditNoteId,
      reissuedInvoiceId: draft!.id,
    });
    const all = await callTool(person('controller', '2026-03-24'), disputesList, { status: 'all' });
    expect(all.ok && all.value.items.find((d) => d.reissuedInvoice !== null)).toMatchObject({
      creditNote: credit.number,
    });
  });
});

function unwrapOk<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
