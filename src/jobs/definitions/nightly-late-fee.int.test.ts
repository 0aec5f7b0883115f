import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { LATE_FEE_TERM } from '../../billing/collections/reminder-templates.ts';
import type { Database } from '../../db/client.ts';
import {
  approvalRequests,
  auditLog,
  clients,
  contracts,
  invoiceLines,
  invoices,
  reminderOutbox,
} from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { noticesOf } from '../../db/stores/chat-notice-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import { approvalsGrant } from '../../tools/approvals/grant-approval.ts';
import { callTool } from '../../tools/call-tool.ts';
import { dunningPolicySet } from '../../tools/collections/dunning-policy.ts';
import { receivablesReport } from '../../tools/receivables/receivables-report.ts';
import type { OutboundReminder } from '../../tools/collections/deliver-reminders.ts';
import type { ToolCaller } from '../../tools/define-tool.ts';
import { DUNNING_STEPS, runCollectionsNightly } from './collections-nightly.ts';

// The night of 2026-11-20: invoices issued 2026-09-06 on 30 days' terms fell due 2026-10-06, 45 days ago.
const NIGHT = '2026-11-20';
const now = new Date(`${NIGHT}T04:30:00Z`);

describe(`the nightly run asks for a final notice's late fee on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  const delivered: OutboundReminder[] = [];
  const deps = () => ({
    database,
    now: () => now,
    reminderDelivery: { deliver: async (m: OutboundReminder) => (delivered.push(m), { ok: true as const }) },
  });
  const log = createLogger('error');
  let job = 0;
  const night = () =>
    runCollectionsNightly(
      deps(),
      { asOf: NIGHT },
      { actor: serviceActor('scheduler'), jobId: `nightly-${++job}`, log },
      { timeZone: 'UTC', steps: DUNNING_STEPS },
    );
  const person = (role: 'controller' | 'account_manager'): ToolCaller => ({
    actor: { userId: users.ids[users.email(role)]!, roles: [role], entityIds: null, onBehalfOf: null },
    correlationId: `p-${role}`,
    now,
    deps: deps(),
  });
  const feeRequests = (invoiceId: string) =>
    database.db
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.actionType, 'invoice.apply_late_fee'), eq(approvalRequests.targetId, invoiceId)));
  const feeLines = (invoiceId: string) =>
    database.db
      .select({ invoice: invoices, line: invoiceLines })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(like(invoiceLines.lineKey, `late_fee:${invoiceId}:%`));
  let withFee: { id: string; number: string };
  let withoutFee: { id: string; number: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    await database.db.update(contracts).set({ lateFeePercentMonthly: '1.5' }).where(eq(contracts.code, 'K-A'));
    for (const code of ['CL-A', 'CL-B'])
      await database.db
        .update(clients)
        .set({ segment: 'strategic', billingContacts: [{ name: 'AP', email: `ap@${code.toLowerCase()}.example` }] })
        .where(eq(clients.code, code));
    // The issue's sequence: a courtesy note, the account manager at +14, the final notice with the contract's late fee at +45.
    const set = await callTool(person('controller'), dunningPolicySet, {
      scope: 'segment:strategic',
      steps: [
        { days: -3, step: 'friendly', channel: 'email', template: 'courtesy' },
        { days: 14, step: 'firm', channel: 'account_manager' },
        { days: 45, step: 'final', channel: 'email', finalNotice: true, lateFee: { kind: 'contract' } },
      ],
    });
    if (!set.ok) throw new Error(JSON.stringify(set.error));
    withFee = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-09-06',
      totalMinor: 1_000_000n,
    });
    withoutFee = await openInvoice(database, {
      client: 'CL-B',
      contract: 'K-B',
      issueDate: '2026-09-06',
      totalMinor: 400_000n,
    });
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('opens one request for an account manager as service:scheduler; the same night twice opens and sends nothing twice', async () => {
    const first = await night();
    expect(first.digest).toContain("Late fees: 1 awaiting an account manager's approval.");
    await night();
    const requests = await feeRequests(withFee.id);
    expect(requests.map((r) => [r.status, r.requestedBy, r.steps.map((s) => s.role)])).toEqual([
      ['pending', 'service:scheduler', ['account_manager']],
    ]);
    // USD 10,000.00 at 1.5% a month to the final notice's day (45 days) = USD 225.00, bound into the request.
    expect(requests[0]!.args).toMatchObject({ daysOverdue: 45, amount: { amountMinor: '22500', currency: 'USD' } });
    expect((await noticesOf(database.db, requests[0]!.id)).map((n) => n.event)).toEqual(['opened']);
    const asked = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'approval.request'), eq(auditLog.targetId, withFee.id)));
    expect(asked.map((a) => a.actorId)).toEqual(['service:scheduler']);
    // No fee is billed before the approval; the contract without a late fee gets no request at all.
    expect(await feeLines(withFee.id)).toEqual([]);
    expect(await feeRequests(withoutFee.id)).toEqual([]);
    // Each final notice queued and delivered once.
    const finals = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.step, 'final'));
    expect(finals.map((r) => [r.invoiceId, r.status]).sort()).toEqual(
      [
        [withFee.id, 'sent'],
        [withoutFee.id, 'sent'],
      ].sort(),
    );
    expect(delivered.filter((m) => m.subject.startsWith('Final reminder'))).toHaveLength(2);
  });

  it("states the contract's late-fee term on the notice that carries it, with no figure of the fee", async () => {
    const [notice] = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, withFee.id));
    expect(notice!.body).toContain(LATE_FEE_TERM.en);
    expect(notice!.body).toContain('10000.00 USD');
    expect(notice!.body).not.toMatch(/225|1\.5|%/);
    const [other] = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, withoutFee.id));
    expect(other!.body).not.toMatch(/late fee/i);
  });

  it('never grants its own request; once an account manager grants it, the next night bills the fee draft once', async () => {
    const [request] = await feeRequests(withFee.id);
    const self = await callTool(
      { actor: serviceActor('scheduler'), correlationId: 'x', now, deps: deps() },
      approvalsGrant,
      { requestId: request!.id },
    );
    expect(self.ok ? 'ok' : self.error).toMatchObject({ policyCode: 'SERVICE_CANNOT_DECIDE' });
    const granted = await callTool(person('account_manager'), approvalsGrant, { requestId: request!.id });
    expect(granted.ok && granted.value.ready).toBe(true);

    const billed = await night();
    expect(billed.digest).toContain('Late fees: 1 billed on draft invoices of their own, to submit.');
    await night();
    const fees = await feeLines(withFee.id);
    expect(fees).toHaveLength(1);
    expect(fees[0]!.invoice).toMatchObject({
      status: 'draft',
      totalMinor: 22_500n,
      supplementsInvoiceId: withFee.id,
      preparedBy: 'service:scheduler',
    });
    expect(fees[0]!.line).toMatchObject({ kind: 'late_fee', amountMinor: 22_500n, taxCategory: 'exempt' });
    expect((await feeRequests(withFee.id)).map((r) => r.status)).toEqual(['executed']);
    const applied = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invoice.apply_late_fee'), eq(auditLog.targetId, withFee.id)));
    expect(applied.map((a) => a.actorId)).toEqual(['service:scheduler']);
  });

  it('reports what late-fee invoices owe apart from fees for service, in the aging too', async () => {
    const [fee] = await feeLines(withFee.id);
    // Taken to delivered directly: its lifecycle (submit, approve, post) is the ordinary one, tested elsewhere.
    await database.db
      .update(invoices)
      .set({ status: 'delivered', number: 'LF-000001', issueDate: NIGHT, dueDate: '2026-12-20' })
      .where(eq(invoices.id, fee!.invoice.id));
    const r = await callTool(person('controller'), receivablesReport, { asOf: NIGHT, legalEntity: 'LE-A' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const usd = r.value.overall.find((m) => m.currency === 'USD')!;
    expect(usd).toMatchObject({
      openInvoices: 2,
      open: { amount: '10225.00' },
      lateFeesOpen: { amount: '225.00' },
      lateFeeBuckets: { current: { amount: '225.00' }, '31-60': { amount: '0.00' } },
      buckets: { current: { amount: '225.00' }, '31-60': { amount: '10000.00' } },
    });
  });
});
