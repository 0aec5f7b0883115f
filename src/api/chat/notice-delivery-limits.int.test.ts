import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { startTeamsStub, STUB_APP_ID, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { approvalNotices, auditLog, chatNotices, teamsConversations, userChatLinks } from '../../db/schema/index.ts';
import type { Role } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { SlackNotifier } from '../slack/slack-notifier.ts';
import { slackWebApi } from '../slack/web-api.ts';
import { botConnector } from '../teams/connector.ts';
import { TeamsNotifier } from '../teams/teams-notifier.ts';
import { createChatWorker } from './chat-worker.ts';
import { postedMessages } from './configured-chat.ts';
import { deliverDecisionNotices, type NoticeDeliveryOptions } from './deliver-notices.ts';
import type { ChatNotifier } from './notifier.ts';

type Body = Record<string, unknown>;
const noticeIdOf = (b: { metadata?: unknown }) =>
  (b.metadata as { event_payload?: { notice_id?: string } } | undefined)?.event_payload?.notice_id;

/**
 * What the review of 2026-12-06 found in the delivery of decision notices, each against the local Slack and Teams
 * stubs: an answer that may come after the post is looked up (Slack) or never posted again (Teams), a token step
 * failure is retried, a run that throws still leaves its audit row, a slow Slack holds neither the relay nor a run
 * past its budget, and a notice too old when first taken up is left in the inbox.
 */
describe(`limits of decision notice delivery on ${backend}`, () => {
  const env = useFirmApp();
  let slackStub: SlackStub;
  let teamsStub: TeamsStub;
  let clock = Date.now();
  const tools = (): ToolDeps => ({ database: env.database, now: () => new Date(clock) });
  let slack: SlackNotifier;
  let teams: TeamsNotifier;
  const relayDeps = (notifiers: ChatNotifier[]) => ({
    tools: tools(),
    notifiers,
    channels: {},
    model: null,
    log: () => undefined,
  });
  const deliver = (notifiers: ChatNotifier[] = [slack, teams], o: NoticeDeliveryOptions = {}) =>
    deliverDecisionNotices(relayDeps(notifiers), o);
  const id = (role: Role) => env.users.ids[env.users.email(role)]!;
  const decide = async (submitter: Role) => {
    clock = Date.now();
    const invoiceId = await insertInvoice(env.database, {
      totalMinor: 50_000n,
      status: 'pending_approval',
      submittedBy: id(submitter),
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
    const r = await call(env.app, 'POST', `/invoices/${invoiceId}/approve`, {
      key: env.users.key.controller,
      body: {},
      headers: { 'idempotency-key': `decide-${invoiceId}` },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [n] = await env.database.db.select().from(approvalNotices).where(eq(approvalNotices.targetId, invoiceId));
    return n!;
  };
  const row = async (noticeId: string) =>
    (await env.database.db.select().from(approvalNotices).where(eq(approvalNotices.id, noticeId)))[0]!;
  const slackPostsOf = (noticeId: string) => slackStub.held('U0CLERK').filter((m) => noticeIdOf(m) === noticeId);
  /** Messages the project manager's Teams chat holds. */
  const teamsPosts = () => teamsStub.posted.filter((p) => p.conversationId === 'a:pm-chat').length;
  const deliveryAudits = async () =>
    env.database.db.select().from(auditLog).where(eq(auditLog.action, 'approval_notice.deliver')).orderBy(auditLog.seq);
  const link = (role: Role, provider: 'slack' | 'teams', externalId: string) =>
    env.database.db.insert(userChatLinks).values({ userId: id(role), provider, workspaceId: 'T1', externalId });
  /** A Teams notifier with its own connector (no cached token) whose calls time out after 300 ms. */
  const freshTeams = () =>
    new TeamsNotifier(
      tools(),
      botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: teamsStub.tokenUrl, timeoutMs: 300 }),
    );

  beforeAll(async () => {
    slackStub = await startSlackStub();
    teamsStub = await startTeamsStub();
    slack = new SlackNotifier(
      slackWebApi({ baseUrl: slackStub.url, botToken: 'xoxb-stub' }),
      postedMessages(tools(), 'slack'),
    );
    teams = new TeamsNotifier(
      tools(),
      botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: teamsStub.tokenUrl }),
    );
    await link('billing_clerk', 'slack', 'U0CLERK');
    await link('project_manager', 'teams', 'aad-pm');
    await env.database.db.insert(teamsConversations).values({
      conversationId: 'a:pm-chat',
      tenantId: 'T1',
      serviceUrl: teamsStub.serviceUrl,
      conversationType: 'personal',
      botId: `28:${STUB_APP_ID}`,
      aadObjectId: 'aad-pm',
      updatedAt: new Date(),
    });
  });
  afterAll(async () => {
    await slackStub?.close();
    await teamsStub?.close();
  });

  for (const answer of [{ status: 503 }, { status: 504 }, { error: 'internal_error' }, { error: 'fatal_error' }])
    it(`posts once when Slack posts and then answers ${JSON.stringify(answer)}: the DM is read first`, async () => {
      const n = await decide('billing_clerk');
      slackStub.failAfterWork('chat.postMessage', 1, answer);
      expect(await deliver()).toMatchObject({ delivered: 0, retrying: 1 });
      expect((await row(n.id)).chatState).toBe('unsure');
      expect(slackPostsOf(n.id)).toHaveLength(1);
      clock += 31_000;
      expect(await deliver()).toMatchObject({ delivered: 1 });
      expect(slackPostsOf(n.id)).toHaveLength(1);
      expect(slackStub.method('chat.postMessage').filter((c) => noticeIdOf(c.body) === n.id)).toHaveLength(1);
      expect([(await row(n.id)).chatState, (await row(n.id)).chatAttempts]).toEqual(['delivered', 2]);
    });

  it('retries a Teams notice whose token request timed out (nothing was sent) and posts it once', async () => {
    const n = await decide('project_manager');
    const posts = teamsPosts();
    teamsStub.hangToken(1);
    expect(await deliver([freshTeams()])).toMatchObject({ retrying: 1, failed: 0 });
    const r = await row(n.id);
    expect(r.chatState).toBe('retry');
    expect(r.chatLastError).toMatch(/^teams: the token endpoint: .*timeout/);
    expect(teamsPosts()).toBe(posts);
    clock += 31_000;
    expect(await deliver([freshTeams()])).toMatchObject({ delivered: 1 });
    expect(teamsPosts()).toBe(posts + 1);
  });

  for (const status of [502, 503, 504])
    it(`never posts a Teams notice twice when the connector posts it and answers ${status}`, async () => {
      const n = await decide('project_manager');
      const posts = teamsPosts();
      teamsStub.failAfterPosting(1, status);
      expect(await deliver([teams])).toMatchObject({ failed: 1, retrying: 0 });
      const r = await row(n.id);
      expect(r.chatState).toBe('failed');
      expect(r.chatLastError).toBe(
        `teams: Bot Connector answered ${status}: it may have been posted and this chat tool cannot tell: not posted again`,
      );
      clock += 86_400_000;
      expect(await deliver([teams])).toBeNull();
      expect(teamsPosts()).toBe(posts + 1);
    });

  it('writes the audit row of a run that throws part-way, with what it did until then', async () => {
    const first = await decide('billing_clerk');
    const second = await decide('billing_clerk');
    let posts = 0;
    const dying: ChatNotifier = Object.assign(Object.create(slack) as SlackNotifier, {
      postNotice: async (...a: Parameters<SlackNotifier['postNotice']>) => {
        posts += 1;
        if (posts === 2) throw new Error('the process broke here');
        return slack.postNotice(...a);
      },
    });
    const before = (await deliveryAudits()).length;
    await expect(deliver([dying])).rejects.toThrow('the process broke here');
    const audits = await deliveryAudits();
    expect(audits).toHaveLength(before + 1);
    expect(audits.at(-1)!.after).toMatchObject({ delivered: 1, interrupted: 'Error', providers: ['slack'] });
    expect((await row(first.id)).chatState).toBe('delivered');
    expect((await row(second.id)).chatState).toBe('sending');
  });

  it('stops taking notices once a run has spent its budget, and the rest go in later runs', async () => {
    const notices = [await decide('billing_clerk'), await decide('billing_clerk')];
    // The try cut off above is taken up again too (looked up, not found, posted): three notices due.
    clock += 10 * 60_000;
    const slow = slackStub.answerSlowly('chat.postMessage', 100);
    try {
      const before = (await deliveryAudits()).length;
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await deliver([slack], { budgetMs: 50 }));
      // Each post takes over 100 ms, past the 50 ms budget: one notice a run.
      expect(runs.map((r) => r?.delivered)).toEqual([1, 1, 1]);
      expect(runs.map((r) => r?.waiting)).toEqual([2, 1, 0]);
      expect(await deliveryAudits()).toHaveLength(before + 3);
      for (const n of notices) expect(slackPostsOf(n.id)).toHaveLength(1);
    } finally {
      slow.stop();
    }
  });

  it("relays an approver's message while a decision notice's post waits on a Slack that does not answer", async () => {
    const n = await decide('billing_clerk');
    const held = slackStub.hold('chat.postMessage', (b: Body) => noticeIdOf(b) === n.id);
    // A client that waits a minute for Slack: the held post does not time out while the relay is watched.
    const patient = new SlackNotifier(
      slackWebApi({ baseUrl: slackStub.url, botToken: 'xoxb-stub', timeoutMs: 60_000 }),
      postedMessages(tools(), 'slack'),
    );
    const worker = createChatWorker({ relay: relayDeps([patient]) });
    try {
      worker.kick();
      await vi.waitFor(
        () => expect(slackStub.method('chat.postMessage').some((c) => noticeIdOf(c.body) === n.id)).toBe(true),
        {
          timeout: 20_000,
        },
      );
      const text = `Escalated to you: ${randomUUID()}`;
      await env.database.db.insert(chatNotices).values({
        kind: 'person',
        userId: id('billing_clerk'),
        text,
        dedupeKey: `limits-test:${text}`,
        createdAt: new Date(clock),
      });
      worker.kick();
      await vi.waitFor(() => expect(slackStub.held('U0CLERK').some((m) => m.text === text)).toBe(true), {
        timeout: 20_000,
      });
      expect(slackPostsOf(n.id)).toHaveLength(0);
    } finally {
      held.release();
      await worker.stop();
    }
    expect(slackPostsOf(n.id)).toHaveLength(1);
    expect((await row(n.id)).chatState).toBe('delivered');
  });

  it('leaves a notice older than the age limit when first taken up in the inbox, and posts a fresh one', async () => {
    const old = await decide('billing_clerk');
    clock += 25 * 3_600_000;
    const fresh = await decide('billing_clerk');
    // The old notice was written 25 hours before the delivery's clock; the fresh one now.
    clock = fresh.createdAt.getTime() + 1_000;
    await env.database.db
      .update(approvalNotices)
      .set({ createdAt: new Date(clock - 25 * 3_600_000) })
      .where(eq(approvalNotices.id, old.id));
    // A backlog ahead of it, a whole batch queued before any chat tool was configured: the fresh one still goes now.
    await env.database.db.insert(approvalNotices).values(
      Array.from({ length: 50 }, (_, i) => ({
        userId: id('billing_clerk'),
        actionType: 'invoice.approve',
        targetType: 'invoice',
        targetId: randomUUID(),
        invoiceRevision: 1,
        event: 'granted' as const,
        text: `An old decision ${i}`,
        createdAt: new Date(clock - 30 * 86_400_000 + i),
        chatState: 'queued' as const,
      })),
    );
    expect(await deliver([slack])).toMatchObject({ leftInInbox: 51, delivered: 1 });
    // Due was the fresh one: the 51 set aside for the inbox were never going to be posted.
    expect((await deliveryAudits()).at(-1)!.after).toMatchObject({ due: 1, leftInInbox: 51, delivered: 1 });
    // The backlog is set aside; the listing below reads the first page of the clerk's unread notices.
    await env.database.db.delete(approvalNotices).where(like(approvalNotices.text, 'An old decision %'));
    expect(slackPostsOf(old.id)).toHaveLength(0);
    expect(slackPostsOf(fresh.id)).toHaveLength(1);
    const r = await row(old.id);
    expect([r.chatState, r.chatAttempts, r.readAt]).toEqual(['inbox', 0, null]);
    expect(r.chatLastError).toBe('older than 24 h when a chat tool could first send it: left in the inbox, not posted');
    const listed = await call<{ items: { id: string; chat: { state: string } | null }[] }>(
      env.app,
      'GET',
      '/approvals/notices?unread=true',
      { key: env.users.key.billing_clerk },
    );
    expect(listed.body.items.find((i) => i.id === old.id)?.chat?.state).toBe('inbox');
    clock += 86_400_000;
    expect(await deliver([slack])).toBeNull();
    expect(slackPostsOf(old.id)).toHaveLength(0);
  });
});
