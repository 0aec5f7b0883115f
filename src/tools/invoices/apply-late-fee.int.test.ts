import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { contracts, invoiceLines, invoices } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { carryHeldLine } from '../../db/stores/carry-held-line.ts';
import type { Actor, Role } from '../../policy/roles.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { approvalsGrant } from '../approvals/grant-approval.ts';
import { invoicesApplyLateFee } from './apply-late-fee.ts';

// Today is 2026-11-20: an invoice issued 2026-09-06 on 30 days' terms fell due 2026-10-06, 45 days ago.
const NOW = new Date('2026-11-20T12:00:00Z');
const ISSUED_45_DAYS_OVERDUE = '2026-09-06';

describe(`invoices_apply_late_fee on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let n = 0;
  const actorOf = (role: Role, userId?: string): Actor => ({
    userId: userId ?? users.ids[users.email(role)]!,
    roles: [role],
    entityIds: null,
    onBehalfOf: null,
  });
  const caller = (role: Role, userId?: string): ToolCaller => ({
    actor: actorOf(role, userId),
    correlationId: `late-fee-${++n}`,
    now: NOW,
    deps: { database, now: () => NOW },
  });
  const overdue = (totalMinor: bigint, issueDate = ISSUED_45_DAYS_OVERDUE) =>
    openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate, totalMinor });
  const feeInvoicesOf = async (invoiceId: string) =>
    database.db
      .select({ id: invoices.id, total: invoices.totalMinor, text: invoiceLines.description })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(like(invoiceLines.lineKey, `late_fee:${invoiceId}:%`));
  /** The first call opens the request; a second account manager grants it. */
  const approvedBySecondManager = async (role: Role, input: Record<string, unknown>) => {
    const asked = await callTool(caller(role), invoicesApplyLateFee, input);
    if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') throw new Error(JSON.stringify(asked));
    const requestId = (asked.error as { requestId: string }).requestId;
    const granted = await callTool(caller('account_manager', 'late-fee-am2'), approvalsGrant, { requestId });
    if (!granted.ok) throw new Error(JSON.stringify(granted.error));
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    await database.db.update(contracts).set({ lateFeePercentMonthly: '1.5' }).where(eq(contracts.code, 'K-A'));
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('bills 1.5% a month on USD 10,000.00 overdue 45 days as USD 225.00, once an account manager other than the requester approves', async () => {
    const inv = await overdue(1_000_000n);
    const asked = await callTool(caller('account_manager'), invoicesApplyLateFee, { invoiceId: inv.id });
    expect(asked.ok ? 'ok' : asked.error).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      steps: [{ role: 'account_manager' }],
    });
    const requestId = (asked as { error: { requestId: string } }).error.requestId;
    // The requester may not approve their own request.
    const own = await callTool(caller('account_manager'), approvalsGrant, { requestId });
    expect(own.ok ? 'ok' : own.error.code).toBe('SOD_VIOLATION');
    expect(await feeInvoicesOf(inv.id)).toEqual([]);
    const granted = await callTool(caller('account_manager', 'late-fee-am2'), approvalsGrant, { requestId });
    expect(granted.ok ? 'ok' : granted.error).toBe('ok');

    const done = await callTool(caller('account_manager'), invoicesApplyLateFee, { invoiceId: inv.id });
    expect(done.ok ? done.value : done.error).toMatchObject({
      status: 'draft',
      overdueNumber: inv.number,
      step: 'contract',
      asOf: '2026-11-20',
      daysOverdue: 45,
      percentMonthly: '1.5',
      open: { amount: '10000.00', currency: 'USD' },
      fee: { amount: '225.00', currency: 'USD' },
      replayed: false,
    });
    const fees = await feeInvoicesOf(inv.id);
    expect(fees).toHaveLength(1);
    expect(fees[0]!.total).toBe(22_500n);
    expect(fees[0]!.text).toContain(`Late fee on invoice ${inv.number} (due 2026-10-06)`);
    const [draft] = await database.db.select().from(invoices).where(eq(invoices.id, fees[0]!.id));
    // A held line of the overdue invoice released later goes to a supplement of its own, not onto the fee draft.
    const [held] = await database.db
      .insert(invoiceLines)
      .values({
        invoiceId: inv.id,
        lineKey: 'held-work',
        lineNo: 1,
        kind: 'time',
        description: 'Workshop (held)',
        quantity: '2',
        unit: 'hour',
        unitPrice: '150',
        amountMinor: 30_000n,
        preciseAmount: '300',
        taxCategory: 'standard',
        taxRatePercent: '0',
        taxMinor: 0n,
        contractTerm: 'rate_card',
        servicePeriodStart: '2026-08-01',
        servicePeriodEnd: '2026-08-31',
        held: true,
        carried: true,
      })
      .returning();
    const [original] = await database.db.select().from(invoices).where(eq(invoices.id, inv.id));
    const carriedTo = await database.db.transaction((tx) => carryHeldLine(tx, original!, held!, 'test', NOW));
    expect(carriedTo.id).not.toBe(fees[0]!.id);
    expect(await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, fees[0]!.id))).toHaveLength(
      1,
    );
    const [orig] = await database.db.select().from(invoices).where(eq(invoices.id, inv.id));
    expect(draft).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      clientId: orig!.clientId,
      contractId: orig!.contractId,
      currency: 'USD',
      supplementsInvoiceId: inv.id,
      subtotalMinor: 22_500n,
      taxMinor: 0n,
      totalMinor: 22_500n,
    });
    // The fee draft goes through the lifecycle like any invoice: submitted, it waits for approval.
    const submitted = await callTool(caller('billing_clerk'), 'invoices_submit', { invoiceId: fees[0]!.id });
    expect(submitted.ok ? submitted.value : submitted.error).toMatchObject({ status: 'pending_approval' });
  });

  it('replays a second call: the same fee invoice, never a second fee; a fee under another step is refused', async () => {
    const inv = await overdue(123_457n);
    await approvedBySecondManager('collector', { invoiceId: inv.id });
    const first = await callTool(caller('collector'), invoicesApplyLateFee, { invoiceId: inv.id });
    const again = await callTool(caller('collector'), invoicesApplyLateFee, { invoiceId: inv.id });
    // USD 1,234.57 x 1.5% x 45/30 = 27.7778 -> 27.78, rounded once.
    expect(first.ok ? first.value : first.error).toMatchObject({ fee: { amount: '27.78' }, replayed: false });
    expect(again.ok ? again.value : again.error).toMatchObject({
      feeInvoiceId: (first as { value: { feeInvoiceId: string } }).value.feeInvoiceId,
      fee: { amount: '27.78' },
      daysOverdue: 45,
      open: { amount: '1234.57' },
      replayed: true,
    });
    expect(await feeInvoicesOf(inv.id)).toHaveLength(1);
    const auditor = await callTool(caller('auditor'), invoicesApplyLateFee, { invoiceId: inv.id });
    expect(auditor.ok ? 'ok' : auditor.error.code).toBe('FORBIDDEN');
    await callTool(caller('controller'), 'dunning_policy_set', {
      scope: 'client:CL-A',
      steps: [
        { days: 1, step: 'friendly', channel: 'email' },
        { days: 30, step: 'final', channel: 'email', finalNotice: true, lateFee: { kind: 'contract' } },
      ],
    });
    const other = await callTool(caller('collector'), invoicesApplyLateFee, { invoiceId: inv.id, step: 'final' });
    expect(other.ok ? 'ok' : other.error.code).toBe('LATE_FEE_ALREADY_BILLED');
    expect(await feeInvoicesOf(inv.id)).toHaveLength(1);
  });

  it("bills the final notice's own rule to the step's day: 2% a month, 30 days after due, on USD 10,000.00 is USD 200.00", async () => {
    const set = await callTool(caller('controller'), 'dunning_policy_set', {
      scope: 'client:CL-A',
      steps: [
        { days: 1, step: 'friendly', channel: 'email' },
        {
          days: 30,
          step: 'final',
          channel: 'email',
          finalNotice: true,
          lateFee: { kind: 'percent_monthly', percent: '2' },
        },
      ],
    });
    expect(set.ok ? 'ok' : set.error).toBe('ok');
    const inv = await overdue(1_000_000n);
    await approvedBySecondManager('collector', { invoiceId: inv.id, step: 'final' });
    const done = await callTool(caller('collector'), invoicesApplyLateFee, { invoiceId: inv.id, step: 'final' });
    expect(done.ok ? done.value : done.error).toMatchObject({
      step: 'final',
      asOf: '2026-11-05',
      daysOverdue: 30,
      percentMonthly: '2',
      fee: { amount: '200.00' },
    });
    const friendly = await callTool(caller('collector'), invoicesApplyLateFee, {
      invoiceId: (await overdue(1_000_000n)).id,
      step: 'friendly',
    });
    expect(friendly.ok ? 'ok' : friendly.error.code).toBe('LATE_FEE_STEP_INVALID');
  });

  it('refuses an invoice not overdue, disputed or paused, and a contract without a late fee, writing nothing', async () => {
    const notDue = await overdue(1_000_000n, '2026-11-01'); // due 2026-12-01
    const disputed = await overdue(1_000_000n);
    await callTool(caller('collector'), 'invoices_dispute', { invoiceId: disputed.id, reason: 'hours not agreed' });
    const paused = await overdue(1_000_000n);
    const p = await callTool(caller('account_manager'), 'collections_pause_dunning', {
      invoice: paused.number,
      reason: 'CFO asked for two weeks',
    });
    expect(p.ok ? 'ok' : p.error).toBe('ok');
    const early = await overdue(1_000_000n);
    const cases: [string, Record<string, unknown>, string][] = [
      ['not due yet', { invoiceId: notDue.id }, 'INVOICE_NOT_OVERDUE'],
      ['as of the due date', { invoiceId: early.id, asOf: '2026-10-06' }, 'INVOICE_NOT_OVERDUE'],
      ['disputed', { invoiceId: disputed.id }, 'INVOICE_DISPUTED'],
      ['paused', { invoiceId: paused.id }, 'DUNNING_PAUSED'],
    ];
    for (const [what, input, code] of cases) {
      const r = await callTool(caller('collector'), invoicesApplyLateFee, input);
      expect(r.ok ? 'ok' : r.error.code, what).toBe(code);
      expect(await feeInvoicesOf(input.invoiceId as string), what).toEqual([]);
    }
    await database.db.update(contracts).set({ lateFeePercentMonthly: null }).where(eq(contracts.code, 'K-A'));
    const none = await callTool(caller('collector'), invoicesApplyLateFee, { invoiceId: early.id });
    expect(none.ok ? 'ok' : none.error.code).toBe('CONTRACT_HAS_NO_LATE_FEE');
    await database.db.update(contracts).set({ lateFeePercentMonthly: '1.5' }).where(eq(contracts.code, 'K-A'));
    const written = await database.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.supplementsInvoiceId, early.id)));
    expect(written).toEqual([]);
  });
});
