import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { queryRows, type Database } from '../../db/client.ts';
import {
  auditLog,
  clientCollectors,
  clients,
  invoiceDisputes,
  promisesToPay,
  reminderOutbox,
} from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Role } from '../../policy/roles.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { remindersDeliver, type OutboundReminder } from './deliver-reminders.ts';
import { collectionsPauseDunning } from './pause-dunning.ts';
import { collectionsRecordPromise } from './record-promise.ts';
import { collectionsSendReminders } from './send-reminders.ts';
import { collectionsPrioritize } from './prioritize-collections.ts';
import { worklistItems, worklistRuns } from '../../db/schema/index.ts';

describe(`dunning on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  const inv: Record<string, { id: string; number: string }> = {};
  const delivered: OutboundReminder[] = [];
  const delivery = {
    deliver: async (m: OutboundReminder) =>
      m.to === 'bounce@cl-b.example'
        ? { ok: false as const, error: '550 mailbox unavailable', kind: 'refused' as const }
        : (delivered.push(m), { ok: true as const }),
  };
  const at = (day: string) => new Date(`${day}T05:00:00Z`);
  const scheduler = (day: string): ToolCaller => ({
    actor: serviceActor('scheduler'),
    correlationId: `night-${day}-${Math.random()}`,
    now: at(day),
    deps: { database, now: () => at(day), reminderDelivery: delivery },
  });
  const person = (role: Role, day: string): ToolCaller => ({
    actor: { userId: users.ids[users.email(role)]!, roles: [role], entityIds: null, onBehalfOf: null },
    correlationId: `p-${role}-${day}`,
    now: at(day),
    deps: { database, now: () => at(day) },
  });
  const outbox = async (key: string) =>
    (await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, inv[key]!.id))).map(
      (r) => r.step,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    await database.db
      .update(clients)
      .set({ language: 'de', billingContacts: [{ name: 'AP', email: 'ap@cl-a.example' }] })
      .where(eq(clients.code, 'CL-A'));
    await database.db
      .update(clients)
      .set({ billingContacts: [{ name: 'AP', email: 'bounce@cl-b.example' }] })
      .where(eq(clients.code, 'CL-B'));
    const [clA] = await database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
    await database.db.insert(clientCollectors).values({
      clientId: clA!.id,
      collectorId: users.ids[users.email('collector')]!,
      assignedBy: 'test',
      assignedAt: at('2026-01-01'),
    });
    const a = { client: 'CL-A', contract: 'K-A' };
    inv.late58 = await openInvoice(database, { ...a, issueDate: '2026-01-02', totalMinor: 500_000n });
    inv.late19 = await openInvoice(database, { ...a, issueDate: '2026-02-10', totalMinor: 123_456n });
    inv.paused = await openInvoice(database, { ...a, issueDate: '2026-02-10', totalMinor: 10_000n });
    inv.disputed = await openInvoice(database, { ...a, issueDate: '2026-02-10', totalMinor: 20_000n });
    inv.promised = await openInvoice(database, { ...a, issueDate: '2026-02-10', totalMinor: 30_000n });
    inv.b = await openInvoice(database, {
      client: 'CL-B',
      contract: 'K-B',
      issueDate: '2026-02-10',
      totalMinor: 40_000n,
    });
    await database.db.insert(invoiceDisputes).values({
      invoiceId: inv.disputed!.id,
      reason: 'hours not agreed',
      openedBy: 'test',
      openedAt: at('2026-03-20'),
    });
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('records a promise and a pause by a person, never by the scheduler, and refuses a promise above what is open', async () => {
    const promise = {
      invoice: inv.promised!.number,
      amount: '300.00',
      promisedFor: '2026-04-10',
      promisedBy: 'J. Meyer, AP lead, by phone',
    };
    const refused = await callTool(scheduler('2026-03-25'), collectionsRecordPromise, promise);
    expect(refused.ok ? 'ok' : refused.error).toMatchObject({ code: 'FORBIDDEN', policyCode: 'ROLE_NOT_PERMITTED' });
    const tooMuch = await callTool(person('collector', '2026-03-25'), collectionsRecordPromise, {
      ...promise,
      amount: '300.01',
    });
    expect(tooMuch.ok ? 'ok' : tooMuch.error.code).toBe('PROMISE_EXCEEDS_OPEN');
    const r = await callTool(person('collector', '2026-03-25'), collectionsRecordPromise, promise);
    expect(r.ok && r.value).toMatchObject({ amount: { amount: '300.00', currency: 'USD' }, superseded: 0 });
    const paused = await callTool(person('account_manager', '2026-03-25'), collectionsPauseDunning, {
      invoice: inv.paused!.number,
      reason: 'client restructuring',
    });
    expect(paused.ok && paused.value).toEqual({ target: inv.paused!.number, paused: true, pauses: 1 });
  });

  it('sends the step each invoice is due for once: the same night twice queues nothing twice, one audit row per run', async () => {
    const first = await callTool(scheduler('2026-03-31'), collectionsSendReminders, { asOf: '2026-03-31' });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.value).toMatchObject({ queued: 3, refused: [], skipped: { paused: 1, disputed: 1, promise_live: 1 } });
    const second = await callTool(scheduler('2026-03-31'), collectionsSendReminders, { asOf: '2026-03-31' });
    expect(second.ok && second.value).toMatchObject({ queued: 0, skipped: { already_sent: 3 } });
    expect(await outbox('late58')).toEqual(['escalate']);
    expect(await outbox('late19')).toEqual(['firm']);
    expect(await database.db.select().from(reminderOutbox)).toHaveLength(3);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'collections.send_reminders'));
    expect(audit.map((a) => a.actorId)).toEqual(['service:scheduler', 'service:scheduler']);
  });

  it('writes in the client language with the ledger amount, and gives a paused or disputed invoice no reminder', async () => {
    const [firm] = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, inv.late19!.id));
    expect(firm).toMatchObject({
      language: 'de',
      channel: 'email',
      recipient: 'ap@cl-a.example',
      subject: `Rechnung ${inv.late19!.number}: 19 Tage überfällig`,
    });
    expect(firm!.body).toContain('1234.56 USD');
    expect(await outbox('paused')).toEqual([]);
    expect(await outbox('disputed')).toEqual([]);
    expect(await outbox('promised')).toEqual([]);
  });

  it('delivers the outbox: a refused e-mail stays unsent with its error and an exception, the others are sent once', async () => {
    const r = await callTool(scheduler('2026-03-31'), remindersDeliver, {});
    expect(r.ok && r.value).toEqual({ sent: 2, failed: 1, waiting: 0, exceptions: 1 });
    const again = await callTool(scheduler('2026-03-31'), remindersDeliver, {});
    expect(again.ok && again.value).toEqual({ sent: 0, failed: 0, waiting: 0, exceptions: 0 });
    expect(delivered.map((m) => m.channel).sort()).toEqual(['email', 'task']);
    const [bounced] = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, inv.b!.id));
    expect(bounced).toMatchObject({
      status: 'refused',
      sentAt: null,
      attempts: 1,
      lastError: '550 mailbox unavailable',
    });
    const raised = await queryRows<{ type: string; owner_role: string }>(
      database.db,
      sql`SELECT type, owner_role FROM exceptions WHERE invoice_id = ${inv.b!.id}::uuid`,
    );
    expect(raised).toEqual([{ type: 'delivery_failure', owner_role: 'billing_clerk' }]);
  });

  it('moves the sequence on and escalates when a promise is broken, and resumes a paused invoice', async () => {
    const r = await callTool(scheduler('2026-04-15'), collectionsSendReminders, { asOf: '2026-04-15' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.promisesBroken).toBe(1);
    // 34 days past due calls for final; the broken promise moves it one further.
    expect(await outbox('promised')).toEqual(['escalate']);
    const [p] = await database.db.select().from(promisesToPay).where(eq(promisesToPay.invoiceId, inv.promised!.id));
    expect(p).toMatchObject({ status: 'broken', closedOn: '2026-04-15' });
    expect(await outbox('paused')).toEqual([]);
    const resumed = await callTool(person('collector', '2026-04-16'), collectionsPauseDunning, {
      invoice: inv.paused!.number,
      reason: 'restructuring done',
      resume: true,
    });
    expect(resumed.ok).toBe(true);
    await callTool(scheduler('2026-04-16'), collectionsSendReminders, { asOf: '2026-04-16' });
    expect(await outbox('paused')).toEqual(['final']);
    const [n] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM reminder_outbox WHERE invoice_id = ${inv.late58!.id}`,
    );
    expect(n!.n).toBe(1);
  });

  it('ranks a broken promise up to escalate, holds a live one until its date, saying so in the reasons', async () => {
    const kept = await callTool(person('collector', '2026-04-16'), collectionsRecordPromise, {
      invoice: inv.late19!.number,
      amount: '500.00',
      promisedFor: '2026-05-01',
      promisedBy: 'AP lead by e-mail',
    });
    expect(kept.ok).toBe(true);
    const run = await callTool(person('controller', '2026-04-20'), collectionsPrioritize, { asOf: '2026-04-20' });
    if (!run.ok) throw new Error(JSON.stringify(run.error));
    const items = await database.db
      .select()
      .from(worklistItems)
      .innerJoin(worklistRuns, eq(worklistRuns.id, worklistItems.runId))
      .where(eq(worklistRuns.asOf, '2026-04-20'));
    const item = (key: string) => items.find((r) => r.worklist_items.invoiceId === inv[key]!.id)!.worklist_items;
    expect(item('promised')).toMatchObject({ action: 'escalate' });
    expect(item('promised').reasons[0]).toBe('Promise to pay 300.00 USD by 2026-04-10 was broken: escalate');
    // A live promise holds dunning, and the worklist with it.
    expect(item('late19')).toMatchObject({ action: 'hold', step: null });
    expect(item('late19').reasons[0]).toBe('Promise to pay 500.00 USD by 2026-05-01: priority lowered until then');
    expect(item('promised').rank).toBeLessThan(item('late19').rank);
  });
});
