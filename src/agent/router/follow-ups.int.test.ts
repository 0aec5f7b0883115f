import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, invoices } from '../../db/schema/index.ts';
import type { Principal, Role } from '../../policy/roles.ts';
import { callTool } from '../../tools/call-tool.ts';
import type { ToolCaller, ToolDeps } from '../../tools/define-tool.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { runTurn, type TurnAnswer } from '../turn.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

describe(`the router's follow-ups on requests and payments, on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let deps: ToolDeps;
  const person = (role: Role): Principal => ({ userId: users.ids[users.email(role)]!, roles: [role], entityIds: null });
  const ask = async (role: Role, text: string, threadId?: string): Promise<TurnAnswer> => {
    const r = await runTurn(deps, { person: person(role), text, threadId });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  const caller = (role: Role): ToolCaller => ({
    actor: { ...person(role), onBehalfOf: null },
    correlationId: `test-${Math.random()}`,
    now: NOW,
    deps,
  });
  const statusOf = async (id: string) =>
    (await database.db.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, id)))[0]!.status;
  const calls = (a: TurnAnswer) => a.toolCalls.map((c) => [c.tool, c.outcome]);
  const voidRequest = async (period: string) => {
    const id = await insertInvoice(database, { totalMinor: 30_000n, status: 'draft', period });
    const ref = `DRAFT-${id.slice(0, 8).toUpperCase()}`;
    const first = await ask('billing_clerk', `void ${ref} because it was raised in error`);
    expect(calls(first)).toEqual([
      ['invoices_show', 'ok'],
      ['invoices_void', 'approval_required'],
    ]);
    return { id, ref, first, requestId: first.pendingApprovals[0]!.requestId };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { database, now: () => NOW };
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    const posted = await insertInvoice(database, { totalMinor: 90_000n, status: 'posted', period: '2026-09' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0041', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, posted));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers "is it done?" after a grant between turns with the call it ran, once', async () => {
    const { id, ref, first, requestId } = await voidRequest('2026-06');
    expect((await callTool(caller('controller'), 'approvals_grant', { requestId })).ok).toBe(true);
    const done = await ask('billing_clerk', 'is it done?', first.threadId);
    expect(calls(done)).toEqual([['invoices_void', 'ok']]);
    expect(done.reply).toContain(`Approval request ${requestId} was granted: I ran invoices_void`);
    expect(await statusOf(id)).toBe('void');
    // Asked again, in German: nothing runs; the record and the ledger say what happened, in German.
    const later = await ask('billing_clerk', `ist ${ref} jetzt void?`, first.threadId);
    expect(calls(later)).toEqual([['invoices_show', 'ok']]);
    expect(later.reply).toContain(`Die Freigabeanfrage ${requestId} wurde erteilt, und ich habe invoices_void`);
    expect(later.reply).toContain(`${ref} ist laut Hauptbuch jetzt storniert.`);
    const voids = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invoice.void'), eq(auditLog.targetId, id)));
    expect(voids).toHaveLength(1);
  });

  it('says a request was rejected, and never that the invoice is void', async () => {
    const { id, first, requestId } = await voidRequest('2026-05');
    expect((await callTool(caller('controller'), 'approvals_reject', { requestId, reason: 'keep it' })).ok).toBe(true);
    const asked = await ask('billing_clerk', 'Ist es erledigt?', first.threadId);
    expect(calls(asked)).toEqual([]);
    // Asked in German, answered in German; then in French, in French.
    expect(asked.reply).toContain(
      `Die Freigabeanfrage ${requestId} wurde abgelehnt: keep it; invoices_void wurde nicht ausgeführt.`,
    );
    expect(asked.reply).not.toMatch(/storniert|erteilt|is void|was granted/);
    const again = await ask('billing_clerk', "c'est fait ?", first.threadId);
    expect(again.reply).toMatch(/a été refusée : keep it .*invoices_void n'a pas été exécuté/);
    expect(await statusOf(id)).toBe('draft');
  });

  it('says a request still waits while it does, and that nothing waited in a thread without one', async () => {
    const { first, requestId } = await voidRequest('2026-04');
    const waiting = await ask('billing_clerk', 'any news on that?', first.threadId);
    expect(calls(waiting)).toEqual([]);
    expect(waiting.reply).toContain(`Approval request ${requestId} (invoices_void) still waits`);
    const fresh = await ask('billing_clerk', 'is it done?');
    expect(calls(fresh)).toEqual([]);
    expect(fresh.reply).toMatch(/^Nothing of this conversation waited for an approval/);
  });

  it('asks policy to apply a payment, is refused, and answers with the suggestions; nothing is applied', async () => {
    const recorded = await callTool(caller('collector'), 'payments_record', {
      client: 'CL1',
      amount: '900.00',
      currency: 'USD',
      receivedOn: '2026-11-19',
      method: 'bank_transfer',
      bankReference: 'FOLLOW-UP-1',
      allocations: [],
    });
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.error));
    const paymentId = (recorded.value as { paymentId: string }).paymentId;
    const list = await ask('collector', 'any unapplied payments?');
    expect(list.toolCalls).toEqual([
      expect.objectContaining({ tool: 'payments_list', args: expect.objectContaining({ unapplied: 'true' }) }),
    ]);
    expect(list.reply).toContain(`- ${paymentId} (CL1): USD 900.00 unapplied`);
    const apply = await ask('collector', 'apply the first one to invoice TUS-2026-0041', list.threadId);
    expect(calls(apply)).toEqual([
      ['payments_apply', 'refused'],
      ['payments_suggest_application', 'ok'],
    ]);
    expect(apply.toolCalls[0]!.args).toEqual({ paymentId, allocations: [{ invoice: 'TUS-2026-0041' }] });
    expect(apply.reply).toMatch(/^I cannot apply payment .* a person's decision/);
    const shown = await callTool(caller('collector'), 'payments_show', { id: paymentId });
    expect(shown.ok && (shown.value as { unapplied: { amount: string } }).unapplied.amount).toBe('900.00');
  });
});
