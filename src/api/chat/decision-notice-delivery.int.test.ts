import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { startTeamsStub, STUB_APP_ID, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { approvalNotices, auditLog, teamsConversations, userChatLinks } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Role } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { SlackNotifier } from '../slack/slack-notifier.ts';
import { slackWebApi } from '../slack/web-api.ts';
import { botConnector } from '../teams/connector.ts';
import { TeamsNotifier } from '../teams/teams-notifier.ts';
import { createChatWorker } from './chat-worker.ts';
import { postedMessages } from './configured-chat.ts';
import { deliverDecisionNotices } from './deliver-notices.ts';
import type { ChatNotifier } from './notifier.ts';

const BOT_TOKEN = 'xoxb-never-in-a-log-0123456789';
type Notice = { id: string; targetId: string; chat: { state: string; lastError: string | null } | null };

/**
 * An invoice's approval or rejection reaches its submitter's Slack or Teams DM once, whatever happens between the
 * post and its record: replays, a crash, a refusal for a moment; a person Slack does not know is recorded and not
 * tried again; a person with no chat identity is never tried and still reads the notice in the API.
 */
describe(`decision notices delivered to chat on ${backend}`, () => {
  const env = useFirmApp();
  let slackStub: SlackStub;
  let teamsStub: TeamsStub;
  let clock = Date.now();
  const logged: string[] = [];
  const tools = (): ToolDeps => ({ database: env.database, now: () => new Date(clock) });
  let slack: SlackNotifier;
  let teams: TeamsNotifier;
  const deliver = (notifiers: ChatNotifier[] = [slack, teams]) =>
    deliverDecisionNotices({
      tools: tools(),
      notifiers,
      channels: {},
      model: null,
      log: (msg, meta) => void logged.push(`${msg} ${JSON.stringify(meta)}`),
    });
  const id = (role: Role) => env.users.ids[env.users.email(role)]!;
  const submitAndDecide = async (submitter: Role, verb: 'approve' | 'reject' = 'approve') => {
    // The app decides at the real time: each case starts the delivery's clock there (earlier cases moved it on).
    clock = Date.now();
    const invoiceId = await insertInvoice(env.database, {
      totalMinor: 50_000n,
      status: 'pending_approval',
      submittedBy: id(submitter),
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
    const r = await call<{ number?: string }>(env.app, 'POST', `/invoices/${invoiceId}/${verb}`, {
      key: env.users.key.controller,
      body: verb === 'reject' ? { reason: 'the March hours belong to April' } : {},
      headers: { 'idempotency-key': `decide-${invoiceId}` },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [n] = await env.database.db.select().from(approvalNotices).where(eq(approvalNotices.targetId, invoiceId));
    return { invoiceId, notice: n!, number: r.body.number };
  };
  const noticeRow = async (noticeId: string) =>
    (await env.database.db.select().from(approvalNotices).where(eq(approvalNotices.id, noticeId)))[0]!;
  /** The calls that posted this notice (answered or refused). */
  const slackCallsOf = (noticeId: string) =>
    slackStub
      .method('chat.postMessage')
      .filter(
        (c) => (c.body.metadata as { event_payload?: { notice_id?: string } })?.event_payload?.notice_id === noticeId,
      );
  /** The messages a DM holds that carry this notice: what the person sees. */
  const slackPostsOf = (noticeId: string, user = 'U0CLERK') =>
    slackStub
      .held(user)
      .filter((m) => (m.metadata as { event_payload?: { notice_id?: string } })?.event_payload?.notice_id === noticeId);
  const deliveryRuns = async () =>
    (await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'approval_notice.deliver'))).length;
  const link = (role: Role, provider: 'slack' | 'teams', externalId: string) =>
    env.database.db.insert(userChatLinks).values({ userId: id(role), provider, workspaceId: 'T1', externalId });

  beforeAll(async () => {
    slackStub = await startSlackStub();
    teamsStub = await startTeamsStub();
    slack = new SlackNotifier(
      slackWebApi({ baseUrl: slackStub.url, botToken: BOT_TOKEN }),
      postedMessages(tools(), 'slack'),
    );
    const connector = botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: teamsStub.tokenUrl });
    teams = new TeamsNotifier(tools(), connector);
    await link('billing_clerk', 'slack', 'U0CLERK');
    await link('account_manager', 'slack', 'U0GONE');
    await link('project_manager', 'teams', 'aad-pm');
    await link('finance_admin', 'teams', 'aad-fa');
    for (const [aad, conv] of [
      ['aad-pm', 'a:pm-chat'],
      ['aad-fa', 'a:fa-chat'],
    ] as const)
      await env.database.db.insert(teamsConversations).values({
        conversationId: conv,
        tenantId: 'T1',
        serviceUrl: teamsStub.serviceUrl,
        conversationType: 'personal',
        botId: `28:${STUB_APP_ID}`,
        aadObjectId: aad,
        updatedAt: new Date(),
      });
  });
  afterAll(async () => {
    await slackStub?.close();
    await teamsStub?.close();
  });

  it('sends the submitter one Slack DM when their invoice is approved, with its number and the approver', async () => {
    const { notice, number } = await submitAndDecide('billing_clerk');
    const runs = await deliveryRuns();
    const out = await deliver();
    expect(out).toMatchObject({ delivered: 1, failed: 0, retrying: 0 });
    const [post] = slackCallsOf(notice.id);
    expect(slackPostsOf(notice.id)).toHaveLength(1);
    expect(post!.body.channel).toBe('U0CLERK');
    expect(post!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(String(post!.body.text)).toMatch(
      /^Invoice approved\nYour invoice .* was approved by controller .*numbered /,
    );
    expect(String(post!.body.text)).toContain(number!);
    const row = await noticeRow(notice.id);
    expect([row.chatState, row.chatProvider, row.chatAttempts, row.readVia]).toEqual([
      'delivered',
      'slack',
      1,
      'slack',
    ]);
    // One audit row for the run, by the service identity; a run with nothing due is not even called.
    expect(await deliveryRuns()).toBe(runs + 1);
    const [audit] = await env.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'approval_notice.deliver'))
      .orderBy(auditLog.seq);
    expect(audit!.actorId).toBe('service:job-worker');
    expect(await deliver()).toBeNull();
    expect(await deliveryRuns()).toBe(runs + 1);
    expect(slackPostsOf(notice.id)).toHaveLength(1);
  });

  it('sends a rejection with its reason once, though the decision and the delivery are replayed', async () => {
    const { invoiceId, notice } = await submitAndDecide('billing_clerk', 'reject');
    // The same decision replayed with its idempotency key writes no second notice.
    const again = await call(env.app, 'POST', `/invoices/${invoiceId}/reject`, {
      key: env.users.key.controller,
      body: { reason: 'the March hours belong to April' },
      headers: { 'idempotency-key': `decide-${invoiceId}` },
    });
    expect(again.status).toBe(200);
    await Promise.all([deliver(), deliver(), deliver()]);
    await deliver();
    expect(slackPostsOf(notice.id)).toHaveLength(1);
    expect(slackCallsOf(notice.id)).toHaveLength(1);
    expect(String(slackPostsOf(notice.id)[0]!.text)).toMatch(
      /^Invoice rejected\n.* was rejected by controller .*: the March hours belong to April\./,
    );
  });

  it('posts once when the process dies between the post and its record: the retry finds it in the DM', async () => {
    const { notice } = await submitAndDecide('billing_clerk');
    const dying: ChatNotifier = Object.assign(Object.create(slack) as SlackNotifier, {
      postNotice: async (...a: Parameters<SlackNotifier['postNotice']>) => {
        await slack.postNotice(...a);
        throw new Error('the process died here');
      },
    });
    await expect(deliver([dying])).rejects.toThrow('the process died here');
    expect((await noticeRow(notice.id)).chatState).toBe('sending');
    // A try under way is left alone; once its claim is stale, the DM's history is read before posting.
    expect(await deliver()).toBeNull();
    clock += 6 * 60_000;
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(slackPostsOf(notice.id)).toHaveLength(1);
    expect(slackCallsOf(notice.id)).toHaveLength(1);
    expect(slackStub.method('conversations.history').at(-1)!.body).toMatchObject({ channel: 'D0CLERK' });
    const row = await noticeRow(notice.id);
    expect([row.chatState, row.chatAttempts]).toEqual(['delivered', 2]);
  });

  it('posts once when the process died before its post: the look-up finds nothing and it is posted', async () => {
    const { notice } = await submitAndDecide('billing_clerk');
    const dying: ChatNotifier = Object.assign(Object.create(slack) as SlackNotifier, {
      postNotice: async () => {
        throw new Error('the process died before posting');
      },
    });
    await expect(deliver([dying])).rejects.toThrow('the process died before posting');
    clock += 6 * 60_000;
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(slackPostsOf(notice.id)).toHaveLength(1);
  });

  it('tries again after the backoff when Slack answers 5xx, looks the DM up, then posts once', async () => {
    const { notice } = await submitAndDecide('billing_clerk');
    slackStub.failNextHttp('chat.postMessage', 1, 503);
    expect(await deliver()).toMatchObject({ delivered: 0, retrying: 1 });
    let row = await noticeRow(notice.id);
    // A 5xx may come after the post: unsure, so the next try reads the DM first (here it finds nothing).
    expect([row.chatState, row.chatLastError]).toEqual(['unsure', 'slack: HTTP 503']);
    expect(row.chatNextAttemptAt!.getTime()).toBe(clock + 30_000);
    expect(await deliver()).toBeNull();
    clock += 31_000;
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(slackCallsOf(notice.id)).toHaveLength(2);
    expect(slackPostsOf(notice.id)).toHaveLength(1);
    row = await noticeRow(notice.id);
    expect([row.chatState, row.chatAttempts, row.chatLastError]).toEqual(['delivered', 2, null]);
  });

  it('records a person Slack answers 404 for, shows it in the API, and never tries again', async () => {
    const { invoiceId, notice } = await submitAndDecide('account_manager');
    slackStub.failNextHttp('chat.postMessage', 1, 404);
    expect(await deliver()).toMatchObject({ failed: 1, retrying: 0 });
    const before = slackStub.method('chat.postMessage').length;
    for (const step of [60_000, 3_600_000, 86_400_000]) {
      clock += step;
      expect(await deliver()).toBeNull();
    }
    expect(slackStub.method('chat.postMessage')).toHaveLength(before);
    const listed = await call<{ items: Notice[] }>(env.app, 'GET', '/approvals/notices?unread=true', {
      key: env.users.key.account_manager,
    });
    const mine = listed.body.items.filter((n) => n.targetId === invoiceId);
    expect(mine).toEqual([
      expect.objectContaining({ chat: expect.objectContaining({ state: 'failed', lastError: 'slack: HTTP 404' }) }),
    ]);
    expect((await noticeRow(notice.id)).readAt).toBeNull();
  });

  it('never tries a person with no chat identity, and they still read the notice in the API', async () => {
    const { invoiceId, notice } = await submitAndDecide('collector');
    const calls = slackStub.calls.length + teamsStub.posted.length;
    expect(await deliver()).toMatchObject({ noChat: 1, delivered: 0 });
    clock += 86_400_000;
    expect(await deliver()).toBeNull();
    expect(slackStub.calls.length + teamsStub.posted.length).toBe(calls);
    const row = await noticeRow(notice.id);
    expect([row.chatState, row.chatAttempts]).toEqual(['no_chat', 0]);
    const listed = await call<{ items: Notice[] }>(env.app, 'GET', '/approvals/notices?unread=true', {
      key: env.users.key.collector,
    });
    expect(listed.body.items.filter((n) => n.targetId === invoiceId)).toEqual([
      expect.objectContaining({ id: notice.id, chat: expect.objectContaining({ state: 'no_chat' }) }),
    ]);
  });

  it('sends a Teams-linked submitter one message in their chat with the bot, through the chat worker', async () => {
    const { notice } = await submitAndDecide('project_manager');
    const worker = createChatWorker({
      relay: { tools: tools(), notifiers: [slack, teams], channels: {}, model: null, log: () => undefined },
    });
    worker.kick();
    await worker.idle();
    worker.kick();
    await worker.idle();
    const mine = teamsStub.posted.filter((p) => p.conversationId === 'a:pm-chat');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body.text).toMatch(/^\*\*Invoice approved\*\*\n\nYour invoice .* was approved by controller/);
    expect((await noticeRow(notice.id)).chatState).toBe('delivered');
  });

  it('fails rather than posts twice in Teams when a try was cut off: Teams cannot be asked what arrived', async () => {
    const { notice } = await submitAndDecide('finance_admin');
    const dying: ChatNotifier = Object.assign(Object.create(teams) as TeamsNotifier, {
      postNotice: async (...a: Parameters<TeamsNotifier['postNotice']>) => {
        await teams.postNotice(...a);
        throw new Error('the process died here');
      },
    });
    await expect(deliver([dying])).rejects.toThrow();
    clock += 6 * 60_000;
    expect(await deliver()).toMatchObject({ failed: 1 });
    expect(teamsStub.posted.filter((p) => p.conversationId === 'a:fa-chat')).toHaveLength(1);
    const row = await noticeRow(notice.id);
    expect(row.chatState).toBe('failed');
    expect(row.chatLastError).toMatch(/^teams: a try may have posted it and this chat tool cannot tell/);
  });

  it('records a Teams chat the connector answers 404 for, and never tries again', async () => {
    const { notice } = await submitAndDecide('finance_admin', 'reject');
    const posted = teamsStub.posted.length;
    teamsStub.failPosts(1, 404);
    expect(await deliver()).toMatchObject({ failed: 1 });
    clock += 86_400_000;
    expect(await deliver()).toBeNull();
    expect(teamsStub.posted).toHaveLength(posted);
    expect((await noticeRow(notice.id)).chatLastError).toBe('teams: Bot Connector answered 404');
  });

  it('posts in Teams a notice left unsure in Slack once Slack is gone: nothing of it is in Teams', async () => {
    const { notice } = await submitAndDecide('finance_admin');
    await link('finance_admin', 'slack', 'U0FA');
    try {
      slackStub.failNextHttp('chat.postMessage', 1, 503);
      expect(await deliver()).toMatchObject({ retrying: 1 });
      expect([(await noticeRow(notice.id)).chatState, (await noticeRow(notice.id)).chatProvider]).toEqual([
        'unsure',
        'slack',
      ]);
      // Slack is no longer configured: the try that may have posted was in Slack, so Teams has nothing to look up.
      clock += 31_000;
      const before = teamsStub.posted.filter((p) => p.conversationId === 'a:fa-chat').length;
      expect(await deliver([teams])).toMatchObject({ delivered: 1, failed: 0 });
      expect(teamsStub.posted.filter((p) => p.conversationId === 'a:fa-chat')).toHaveLength(before + 1);
      const row = await noticeRow(notice.id);
      expect([row.chatState, row.chatProvider, row.chatAttempts]).toEqual(['delivered', 'teams', 2]);
    } finally {
      await env.database.db
        .delete(userChatLinks)
        .where(and(eq(userChatLinks.userId, id('finance_admin')), eq(userChatLinks.provider, 'slack')));
    }
  });

  it('never puts the bot token in a log line or a recorded error, and keeps the audit chain whole', async () => {
    const errors = await env.database.db
      .select({ e: approvalNotices.chatLastError })
      .from(approvalNotices)
      .where(and(eq(approvalNotices.userId, id('account_manager'))));
    expect(JSON.stringify([logged, errors])).not.toContain(BOT_TOKEN);
    expect(logged.length).toBeGreaterThan(0);
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});
