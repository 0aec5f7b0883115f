import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { startTeamsStub, STUB_APP_ID, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { chatNotices, teamsConversations, userChatLinks } from '../../db/schema/index.ts';
import { chatPostsOf } from '../../db/stores/chat-notice-post-store.ts';
import { noticesOf, queueChannelPost, queuePersonNotice } from '../../db/stores/chat-notice-store.ts';
import type { Role } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { SlackNotifier } from '../slack/slack-notifier.ts';
import { slackWebApi } from '../slack/web-api.ts';
import { botConnector } from '../teams/connector.ts';
import { TeamsNotifier } from '../teams/teams-notifier.ts';
import { postedMessages } from './configured-chat.ts';
import type { ChatNotifier } from './notifier.ts';
import { relayChatNotices } from './relay-notices.ts';

const CHANNEL = 'C0BILLING';

/**
 * The relay's own messages (an approver's request card, a requester's decision with what the resumed call did, a
 * channel post, a text for one person) are each posted once, whatever happens between a post and its record: a relay
 * cut off there is followed by one that looks before posting (Slack) or never posts again (Teams); an answer that
 * may have followed the post is looked up before any retry.
 */
describe(`the chat relay posts each message once on ${backend}`, () => {
  const env = useFirmApp();
  let slackStub: SlackStub;
  let teamsStub: TeamsStub;
  let clock = Date.now();
  let slack: SlackNotifier;
  let teams: TeamsNotifier;
  const tools = (): ToolDeps => ({ database: env.database, now: () => new Date(clock) });
  const relay = (notifiers: ChatNotifier[] = [slack, teams]) =>
    relayChatNotices({
      tools: tools(),
      notifiers,
      channels: { slack: CHANNEL },
      model: null,
      log: () => undefined,
    });
  const id = (role: Role) => env.users.ids[env.users.email(role)]!;
  /** A notifier that posts, then dies before the relay records the post (a throw where the process would stop). */
  const dyingAfterPost = (n: ChatNotifier): ChatNotifier =>
    Object.assign(Object.create(n) as ChatNotifier, {
      notifyApproval: async (...a: Parameters<ChatNotifier['notifyApproval']>) => {
        await n.notifyApproval(...a);
        throw new Error('the process died here');
      },
      postToChannel: async (...a: Parameters<ChatNotifier['postToChannel']>) => {
        await n.postToChannel(...a);
        throw new Error('the process died here');
      },
    });
  const slackHeld = (channel: string, needle: string) =>
    slackStub.held(channel).filter((m) => String(m.text).includes(needle));
  const slackPostCalls = (needle: string) =>
    slackStub.method('chat.postMessage').filter((c) => String(c.body.text).includes(needle));
  const teamsHeld = (conversation: string, needle: string) =>
    teamsStub.posted.filter((p) => p.conversationId === conversation && JSON.stringify(p.body).includes(needle));
  const noticeRow = async (noticeId: string) =>
    (await env.database.db.select().from(chatNotices).where(eq(chatNotices.id, noticeId)))[0]!;
  const requestNotice = async (requestId: string, event: 'opened' | 'granted') =>
    (await noticesOf(env.database.db, requestId)).find((n) => n.event === event)!;
  const historyOf = (channel: string) =>
    slackStub.method('conversations.history').filter((c) => c.body.channel === channel).length;
  const noticeByKey = async (key: string) =>
    (await env.database.db.select().from(chatNotices).where(eq(chatNotices.dedupeKey, key)))[0]!;
  /** A request the billing clerk opens (voiding a draft), which the controller decides. */
  const openRequest = async () => {
    clock = Date.now();
    const invoiceId = await insertInvoice(env.database, {
      totalMinor: 50_000n,
      status: 'draft',
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
    const asked = await call<{ details?: { requestId?: string } }>(env.app, 'POST', `/invoices/${invoiceId}/void`, {
      key: env.users.key.billing_clerk,
      body: { reason: 'raised in error' },
    });
    expect(asked.status).toBe(409);
    return { invoiceId, requestId: asked.body.details!.requestId! };
  };

  beforeAll(async () => {
    slackStub = await startSlackStub();
    teamsStub = await startTeamsStub();
    slack = new SlackNotifier(
      slackWebApi({ baseUrl: slackStub.url, botToken: 'xoxb-relay-stub' }),
      postedMessages(tools(), 'slack'),
    );
    teams = new TeamsNotifier(
      tools(),
      botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: teamsStub.tokenUrl }),
    );
    const link = (role: Role, provider: 'slack' | 'teams', externalId: string) =>
      env.database.db.insert(userChatLinks).values({ userId: id(role), provider, workspaceId: 'T1', externalId });
    await link('controller', 'slack', 'U0CTL');
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

  it("posts an approver's request card once when the relay dies between the post and its record", async () => {
    const { invoiceId, requestId } = await openRequest();
    await relay([dyingAfterPost(slack), teams]);
    const opened = await requestNotice(requestId, 'opened');
    expect([opened.status, opened.error]).toEqual(['failed', 'Error: the process died here']);
    expect(slackHeld('U0CTL', invoiceId)).toHaveLength(1);
    // Five minutes on, the try left `sending` is looked up in the approver's DM and found: not posted again.
    clock += 6 * 60_000;
    const looked = historyOf('D0CTL');
    await relay();
    expect((await noticeRow(opened.id)).status).toBe('sent');
    expect(historyOf('D0CTL')).toBeGreaterThan(looked);
    expect(slackHeld('U0CTL', invoiceId)).toHaveLength(1);
    expect(slackPostCalls(invoiceId)).toHaveLength(1);
    await relay();
    expect(slackHeld('U0CTL', invoiceId)).toHaveLength(1);
  });

  it('tells the requester of the decision once when the relay dies between the post and its record', async () => {
    const { invoiceId, requestId } = await openRequest();
    await relay();
    const granted = await call(env.app, 'POST', `/approvals/${requestId}/grant`, { key: env.users.key.controller });
    expect(granted.status).toBe(200);
    await relay([dyingAfterPost(slack), teams]);
    const decided = await requestNotice(requestId, 'granted');
    expect(decided.status).toBe('failed');
    expect(slackHeld('U0CLERK', requestId)).toHaveLength(1);
    // At once the try is still under way for all the next relays know: they wait, post nothing, and spend none of the
    // notice's five tries (a restart's rounds come every five seconds, the cut-off try is looked up after five minutes).
    const attempts = (await noticeRow(decided.id)).attempts;
    for (let i = 0; i < 6; i++) await relay();
    expect((await noticeRow(decided.id)).attempts).toBe(attempts);
    expect(await noticeRow(decided.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/another relay/),
    });
    expect(slackHeld('U0CLERK', requestId)).toHaveLength(1);
    clock += 6 * 60_000;
    await relay();
    expect((await noticeRow(decided.id)).status).toBe('sent');
    const told = slackHeld('U0CLERK', requestId);
    expect(told).toHaveLength(1);
    expect(String(told[0]!.text)).toMatch(
      new RegExp(`^Approval request ${requestId} \\(invoice\\.void\\) was approved`),
    );
    expect(String(told[0]!.text)).toContain(invoiceId);
    // The approver's card lost its buttons when the decision was posted.
    expect(slackStub.method('chat.update').some((c) => String(c.body.text).includes(requestId))).toBe(true);
  });

  it('looks an unsure channel post up before any retry, and finds it posted', async () => {
    clock = Date.now();
    const text = `Collections summary ${Math.random()}`;
    await queueChannelPost(env.database.db, text, `summary-unsure-${text}`, new Date(clock));
    slackStub.failAfterWork('chat.postMessage', 1, { error: 'internal_error' });
    await relay();
    expect(slackHeld(CHANNEL, text)).toHaveLength(1);
    const n = await noticeByKey(`summary-unsure-${text}`);
    expect(n.status).toBe('failed');
    expect((await chatPostsOf(env.database.db, n.id)).map((p) => [p.state, p.error])).toEqual([
      ['unsure', 'internal_error'],
    ]);
    const history = historyOf(CHANNEL);
    await relay();
    // Looked up (the channel's history, by the post's mark), found: no second post.
    expect(historyOf(CHANNEL)).toBe(history + 1);
    expect(slackPostCalls(text)).toHaveLength(1);
    expect(slackHeld(CHANNEL, text)).toHaveLength(1);
    expect((await noticeRow(n.id)).status).toBe('sent');
    expect((await chatPostsOf(env.database.db, n.id)).map((p) => [p.state, p.attempts])).toEqual([['delivered', 2]]);
  });

  it('posts an unsure channel post again only once the look-up finds it missing', async () => {
    clock = Date.now();
    const text = `Collections summary ${Math.random()}`;
    await queueChannelPost(env.database.db, text, `summary-missing-${text}`, new Date(clock));
    // Slack answers internal_error without having posted: unsure all the same, so it is looked up first.
    slackStub.failNext('chat.postMessage', 1, 'internal_error');
    await relay();
    expect(slackHeld(CHANNEL, text)).toHaveLength(0);
    const n = await noticeByKey(`summary-missing-${text}`);
    expect(n.status).toBe('failed');
    const history = historyOf(CHANNEL);
    await relay();
    expect(historyOf(CHANNEL)).toBe(history + 1);
    expect((await noticeRow(n.id)).status).toBe('sent');
    expect(slackPostCalls(text)).toHaveLength(2);
    expect(slackHeld(CHANNEL, text)).toHaveLength(1);
  });

  it('posts a channel post once when the relay dies between the post and its record', async () => {
    clock = Date.now();
    const text = `Collections summary ${Math.random()}`;
    await queueChannelPost(env.database.db, text, `summary-dies-${text}`, new Date(clock));
    await relay([dyingAfterPost(slack)]);
    const n = await noticeByKey(`summary-dies-${text}`);
    expect(n.status).toBe('failed');
    clock += 6 * 60_000;
    await relay();
    expect((await noticeRow(n.id)).status).toBe('sent');
    expect(slackHeld(CHANNEL, text)).toHaveLength(1);
    expect(slackPostCalls(text)).toHaveLength(1);
  });

  it('never posts a text for one person twice in Teams when a try was cut off: Teams cannot be asked', async () => {
    clock = Date.now();
    const text = `CL-A is 58 days late ${Math.random()}`;
    const key = `person-dies-${text}`;
    await queuePersonNotice(env.database.db, id('project_manager'), text, key, new Date(clock));
    await relay([slack, dyingAfterPost(teams)]);
    expect(teamsHeld('a:pm-chat', text)).toHaveLength(1);
    clock += 6 * 60_000;
    await relay();
    await relay();
    expect(teamsHeld('a:pm-chat', text)).toHaveLength(1);
    const [post] = await chatPostsOf(env.database.db, (await noticeByKey(key)).id);
    expect([post!.state, post!.error]).toEqual([
      'failed',
      'a try may have posted it and this chat tool cannot tell: not posted again',
    ]);
  });

  it('never posts again in Teams after a 503: the Connector may have forwarded it', async () => {
    clock = Date.now();
    const text = `CL-B is 19 days late ${Math.random()}`;
    const key = `person-503-${text}`;
    await queuePersonNotice(env.database.db, id('project_manager'), text, key, new Date(clock));
    teamsStub.failAfterPosting(1, 503);
    await relay();
    clock += 6 * 60_000;
    await relay();
    expect(teamsHeld('a:pm-chat', text)).toHaveLength(1);
    const [post] = await chatPostsOf(env.database.db, (await noticeByKey(key)).id);
    expect(post!.state).toBe('failed');
    expect(post!.error).toMatch(/503: it may have been posted and this chat tool cannot tell/);
  });

  it('tells a person linked to two accounts of one provider in each, once each', async () => {
    await env.database.db
      .insert(userChatLinks)
      .values({ userId: id('controller'), provider: 'slack', workspaceId: 'T2', externalId: 'U0CTL2' });
    const { invoiceId } = await openRequest();
    await relay();
    await relay();
    expect(slackHeld('U0CTL', invoiceId)).toHaveLength(1);
    expect(slackHeld('U0CTL2', invoiceId)).toHaveLength(1);
  });
});
