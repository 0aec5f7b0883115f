import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import type { Database } from '../../db/client.ts';
import { chatNotices, clientCollectors, clients, reminderOutbox, userChatLinks } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { callTool } from '../../tools/call-tool.ts';
import { dunningPolicySet } from '../../tools/collections/dunning-policy.ts';
import { collectionsSendReminders } from '../../tools/collections/send-reminders.ts';
import type { ToolCaller } from '../../tools/define-tool.ts';
import type { ChatNotifier } from './notifier.ts';
import { relayChatNotices } from './relay-notices.ts';

// The night of 2026-03-31: CL-A's invoice (due 2026-02-01) is 58 days past due, CL-B's (due 2026-03-12) 19.
const now = new Date('2026-03-31T05:00:00Z');

describe(`dunning tells the client's account manager where they are, on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  const posts: { channel: string; text: string }[] = [];
  const slack: ChatNotifier = {
    provider: 'slack',
    notifyApproval: async () => [],
    postToChannel: async (channel, text) => (posts.push({ channel, text }), { ok: true }),
  };
  const deps = () => ({ database, now: () => now });
  const scheduler = (): ToolCaller => ({
    actor: serviceActor('scheduler'),
    correlationId: `night-${Math.random()}`,
    now,
    deps: deps(),
  });
  const relay = () =>
    relayChatNotices({ tools: deps(), notifiers: [slack], channels: {}, model: null, log: () => undefined });
  let a: { id: string; number: string };
  let b: { id: string; number: string };
  let amId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    amId = users.ids[users.email('account_manager')]!;
    // CL-A names its account manager by e-mail (any case), linked in Slack; CL-B by name, linked nowhere.
    await database.db
      .update(clients)
      .set({ accountManager: 'Account-Manager@Test.example' })
      .where(eq(clients.code, 'CL-A'));
    await database.db
      .update(clients)
      .set({ accountManager: 'account_manager (scoped)', segment: 'strategic' })
      .where(eq(clients.code, 'CL-B'));
    await database.db
      .insert(userChatLinks)
      .values({ userId: amId, provider: 'slack', workspaceId: 'T1', externalId: 'U0AM' });
    const [clA] = await database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
    await database.db.insert(clientCollectors).values({
      clientId: clA!.id,
      collectorId: users.ids[users.email('collector')]!,
      assignedBy: 'test',
      assignedAt: now,
    });
    const set = await callTool(
      {
        actor: {
          userId: users.ids[users.email('controller')]!,
          roles: ['controller'],
          entityIds: null,
          onBehalfOf: null,
        },
        correlationId: 'policy',
        now,
        deps: deps(),
      },
      dunningPolicySet,
      {
        scope: 'segment:strategic',
        steps: [
          { days: 1, step: 'friendly', channel: 'email' },
          { days: 14, step: 'firm', channel: 'account_manager' },
        ],
      },
    );
    if (!set.ok) throw new Error(JSON.stringify(set.error));
    a = await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-01-02', totalMinor: 500_000n });
    b = await openInvoice(database, { client: 'CL-B', contract: 'K-B', issueDate: '2026-02-10', totalMinor: 40_000n });
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('queues one chat message for a linked account manager at the escalate step; the same night twice queues none again', async () => {
    const first = await callTool(scheduler(), collectionsSendReminders, { asOf: '2026-03-31' });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.value.accountManagers).toEqual({ told: 1, unknown: [] });
    const second = await callTool(scheduler(), collectionsSendReminders, { asOf: '2026-03-31' });
    expect(second.ok && second.value.accountManagers).toEqual({ told: 0, unknown: [] });
    const notices = await database.db.select().from(chatNotices).where(eq(chatNotices.kind, 'person'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ userId: amId, status: 'queued' });
    expect(notices[0]!.text).toContain(`invoice ${a.number} of Client A escalates to you`);
    expect(notices[0]!.text).toContain('5000.00 USD');
    // The escalation task goes to the collector with the account manager copied.
    const [task] = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, a.id));
    expect(task).toMatchObject({
      step: 'escalate',
      channel: 'task',
      recipient: 'collector@test.example, account-manager@test.example',
    });
  });

  it('e-mails an account manager linked nowhere a note of their own on the account_manager channel', async () => {
    const [note] = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, b.id));
    expect(note).toMatchObject({
      step: 'firm',
      channel: 'account_manager',
      language: 'en',
      recipient: 'account-manager.scoped@test.example',
      subject: `Collections: invoice ${b.number} of Client B escalates to you`,
    });
    expect(note!.body).toContain('400.00 EUR');
    expect(note!.body).not.toMatch(/^Dear/);
  });

  it('relays the message to the account manager in Slack once, as a direct message', async () => {
    // The firm's pending approval (its void request) is relayed too; no one is linked to receive it.
    expect((await relay()).failed).toBe(0);
    expect(await relay()).toEqual({ sent: 0, failed: 0 });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.channel).toBe('U0AM');
    expect(posts[0]!.text).toContain(
      `Invoice ${a.number} of Client A, 5000.00 USD, due on 2026-02-01, is 58 days overdue`,
    );
    const [n] = await database.db.select().from(chatNotices).where(eq(chatNotices.kind, 'person'));
    expect(n!.status).toBe('sent');
  });

  it('names a client whose account manager is not a user, and tells its collector instead', async () => {
    await database.db.update(clients).set({ accountManager: 'Dana Nobody' }).where(eq(clients.code, 'CL-A'));
    const c = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-01-05',
      totalMinor: 70_000n,
    });
    const r = await callTool(scheduler(), collectionsSendReminders, { asOf: '2026-03-31' });
    expect(r.ok && r.value.accountManagers).toEqual({ told: 0, unknown: ['CL-A'] });
    const [task] = await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, c.id));
    expect(task).toMatchObject({ step: 'escalate', recipient: 'collector@test.example' });
    expect(await database.db.select().from(chatNotices).where(eq(chatNotices.kind, 'person'))).toHaveLength(1);
  });
});
