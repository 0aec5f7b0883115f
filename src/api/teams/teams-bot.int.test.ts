import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  agentTurns,
  approvalRequests,
  approvals,
  chatInboundEvents,
  chatNotices,
  invoices,
  teamsActivities,
} from '../../db/schema/index.ts';
import { callTool } from '../../tools/call-tool.ts';
import { recordInbound } from '../../tools/chat/chat-inbound.ts';
import { approvalsInboxList } from '../../tools/approvals/approvals-inbox.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { addUser } from '../../../test/helpers/users.ts';
import { linkChatUser } from '../../../test/helpers/users.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { loadConfig } from '../../config.ts';
import { createApp } from '../app.ts';
import { configuredChat } from '../chat/configured-chat.ts';
import type { ApprovalNotice, ChatRecipient } from '../chat/notifier.ts';
import { botConnector } from './connector.ts';
import { teamsBot, type TeamsBot } from './teams-bot.ts';
import { TeamsNotifier } from './teams-notifier.ts';
import { botTokenVerifier } from './verify-token.ts';

const TENANT = '72f988bf-0000-4000-8000-000000000001';

describe(`the Teams bot on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let stub: TeamsStub;
  let bot: TeamsBot;
  let notifier: TeamsNotifier;
  let app: ReturnType<typeof createApp>;
  let ctl2Id: string;
  let n = 0;
  const requested: { ids: string[]; by: string }[] = [];
  const decided: { requestId: string; effect: string; by: string }[] = [];

  const activity = (aad: string, over: Record<string, unknown> = {}) => ({
    type: 'message',
    id: `act-${++n}`,
    serviceUrl: stub.serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${aad}`, aadObjectId: aad },
    recipient: { id: `28:${STUB_APP_ID}` },
    conversation: { id: `a:personal-${aad}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...over,
  });
  const post = async (act: unknown, token?: string) => {
    const res = await app.request('/teams/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${token ?? (await stub.sign())}`, 'content-type': 'application/json' },
      body: JSON.stringify(act),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const click = (aad: string, verb: 'approve' | 'reject', requestId: string, extra: Record<string, unknown> = {}) =>
    activity(aad, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb,
          data: { billingCopilotApproval: 1, decision: verb, requestId, ...extra },
        },
      },
    });
  const cardWords = (body: { value: { body: { text: string }[] } }) => body.value.body[0]!.text;
  const sentTo = (conversationId: string) => stub.posted.filter((p) => p.conversationId === conversationId);
  const inbound = async (id: string) =>
    (
      await database.db
        .select()
        .from(chatInboundEvents)
        .where(and(eq(chatInboundEvents.provider, 'teams'), eq(chatInboundEvents.eventId, id)))
    )[0];
  const recipient = (aad: string, userId: string): ChatRecipient => ({ userId, externalId: aad, workspaceId: TENANT });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
    const ctl2 = await addUser(
      database.db,
      { email: 'ctl2@test.example', name: 'Second Controller', roles: ['controller'], entities: null },
      ctx,
    );
    if (!ctl2.ok) throw new Error(JSON.stringify(ctl2.error));
    ctl2Id = ctl2.value.userId;
    for (const [email, aad] of [
      [users.email('controller'), 'aad-ctl'],
      ['ctl2@test.example', 'aad-ctl2'],
      [users.email('collector'), 'aad-coll'],
    ] as const) {
      const r = await linkChatUser(
        database.db,
        { email, provider: 'teams', externalId: aad, workspaceId: TENANT },
        ctx,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    }
    stub = await startTeamsStub();
    const deps: ToolDeps = { database, now: () => new Date() };
    const connector = botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: stub.tokenUrl });
    bot = teamsBot({
      deps,
      verify: botTokenVerifier({ jwksUrl: stub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID }),
      connector,
      model: null,
      log: () => {},
      onApprovalsRequested: async (ids, by) => void requested.push({ ids, by }),
      onApprovalDecided: async (requestId, effect, by) => void decided.push({ requestId, effect, by }),
    });
    notifier = new TeamsNotifier(deps, connector, { defaultConversation: '19:collections@thread.tacv2' });
    app = createApp({ database, log: () => {}, teams: bot });
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await stub?.close();
    await database?.close();
  });

  it('refuses an expired token with 401 TEAMS_TOKEN_INVALID and takes nothing in', async () => {
    const act = activity('aad-coll', { text: 'What is overdue?' });
    const past = Math.floor(Date.now() / 1000) - 3600;
    const res = await post(act, await stub.sign({ iat: past - 60, nbf: past - 60, exp: past }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'TEAMS_TOKEN_INVALID', details: { reason: 'expired' } });
    await bot.idle();
    expect(await database.db.select().from(teamsActivities).where(eq(teamsActivities.activityId, act.id))).toEqual([]);
    expect(await inbound(act.id)).toBeUndefined();
    expect(stub.posted).toEqual([]);
  });

  it('refuses a request without a token, and a key of the API is no token', async () => {
    const res = await app.request('/teams/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${users.key.controller}`, 'content-type': 'application/json' },
      body: JSON.stringify(activity('aad-ctl', { text: 'hi' })),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('TEAMS_TOKEN_INVALID');
    const none = await app.request('/teams/messages', { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
  });

  it('answers a linked user through the Bot Connector, the copilot acting for them', async () => {
    const act = activity('aad-coll', { text: '<at>Billing Copilot</at> What is overdue for CL1?' });
    const res = await post(act);
    expect(res.status).toBe(200);
    await bot.idle();
    const [sent] = sentTo('a:personal-aad-coll');
    expect(sent?.body).toMatchObject({ type: 'message', replyToId: act.id });
    expect(sent?.body.text).toMatch(/overdue/i);
    expect(stub.tokenRequests[0]?.get('grant_type')).toBe('client_credentials');
    expect(stub.tokenRequests[0]?.get('client_id')).toBe(STUB_APP_ID);
    const turns = await database.db
      .select()
      .from(agentTurns)
      .where(eq(agentTurns.correlationId, `teams:${act.id}`));
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({
      channel: 'teams',
      userId: users.ids[users.email('collector')],
      message: 'What is overdue for CL1?',
    });
  });

  it('does nothing twice for a retried activity id', async () => {
    const act = activity('aad-coll', { text: 'what waits for my approval?' });
    const before = sentTo('a:personal-aad-coll').length;
    expect((await post(act)).status).toBe(200);
    expect((await post(act)).status).toBe(200);
    await bot.idle();
    expect(sentTo('a:personal-aad-coll').length).toBe(before + 1);
    expect(
      await database.db
        .select()
        .from(agentTurns)
        .where(eq(agentTurns.correlationId, `teams:${act.id}`)),
    ).toHaveLength(1);
    // Recorded once (provider teams, by activity id), claimed once, done.
    expect(await inbound(act.id)).toMatchObject({ kind: 'message', status: 'done', attempts: 1, error: null });
    expect((await post(act)).status).toBe(200);
    await bot.idle();
    expect(sentTo('a:personal-aad-coll').length).toBe(before + 1);
  });

  it('without a job runner, records a message whose answer the Connector refused as failed, once', async () => {
    const act = activity('aad-coll', { text: 'what waits for my approval?' });
    stub.failPosts(1);
    const before = sentTo('a:personal-aad-coll').length;
    expect((await post(act)).status).toBe(200);
    await bot.idle();
    expect(sentTo('a:personal-aad-coll').length).toBe(before);
    expect(await inbound(act.id)).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/503/) });
    await bot.sweep();
    expect(sentTo('a:personal-aad-coll').length).toBe(before);
  });

  it('without a job runner, the sweep takes up a message acknowledged but never handled, once', async () => {
    const act = activity('aad-coll', { text: 'what waits for my approval?' });
    expect(
      await recordInbound(
        { database, now: () => new Date() },
        { provider: 'teams', eventId: act.id, kind: 'message', payload: act },
      ),
    ).toBe(true);
    const before = sentTo('a:personal-aad-coll').length;
    await bot.sweep();
    await bot.sweep();
    expect(sentTo('a:personal-aad-coll').length).toBe(before + 1);
    expect(await inbound(act.id)).toMatchObject({ status: 'done', attempts: 1 });
    // Redelivered afterwards: recorded already, nothing more.
    expect((await post(act)).status).toBe(200);
    await bot.idle();
    expect(sentTo('a:personal-aad-coll').length).toBe(before + 1);
  });

  it('answers in a channel only that it answers in a personal chat, and runs no turn there', async () => {
    const act = activity('aad-coll', {
      text: '<at>Billing Copilot</at> What is overdue for CL1?',
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
    });
    expect((await post(act)).status).toBe(200);
    await bot.idle();
    expect(sentTo('19:general@thread.tacv2').at(-1)?.body.text).toMatch(/^I answer in a personal chat/);
    expect(
      await database.db
        .select()
        .from(agentTurns)
        .where(eq(agentTurns.correlationId, `teams:${act.id}`)),
    ).toEqual([]);
  });

  it('refuses a body that is not JSON or not an activity, before acting', async () => {
    const raw = (body: string) =>
      app.request('/teams/messages', { method: 'POST', headers: { authorization: 'Bearer x' }, body });
    const bad = await raw('{not json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('MALFORMED_JSON');
    const notActivity = await raw(JSON.stringify({ type: 'message' }));
    expect(notActivity.status).toBe(400);
    expect(((await notActivity.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('answers an unlinked user politely, saying how to link, and acts on nothing', async () => {
    const turnsBefore = (await database.db.select().from(agentTurns)).length;
    expect((await post(activity('aad-stranger', { text: 'void everything' }))).status).toBe(200);
    await bot.idle();
    const [sent] = sentTo('a:personal-aad-stranger');
    expect(sent?.body.text).toContain('billing-copilot users link');
    expect(sent?.body.text).toContain('aad-stranger');
    expect((await database.db.select().from(agentTurns)).length).toBe(turnsBefore);
  });

  it('sends approvers a card, refuses the requester, grants once for the approver, and resumes', async () => {
    const draft = await insertInvoice(database, { totalMinor: 30_000n, status: 'draft', period: '2026-08' });
    const ref = `DRAFT-${draft.slice(0, 8).toUpperCase()}`;
    // The second controller installs the app: the bot can now write to them unprompted.
    await post(
      activity('aad-ctl2', { type: 'conversationUpdate', id: undefined, membersAdded: [{ id: `28:${STUB_APP_ID}` }] }),
    );
    expect((await post(activity('aad-ctl', { text: `Void ${ref} because it was raised in error` }))).status).toBe(200);
    await bot.idle();
    const requestId = requested.at(-1)!.ids[0]!;
    expect(requested.at(-1)!.by).toBe(users.ids[users.email('controller')]);
    expect(sentTo('a:personal-aad-ctl').at(-1)?.body.text).toContain(requestId);

    const notice: ApprovalNotice = {
      requestId,
      action: 'invoice.void',
      summary: `Void ${ref} (USD 300.00)`,
      status: 'open',
      requesterUserId: users.ids[users.email('controller')]!,
    };
    const reports = await notifier.notifyApproval(notice, [
      recipient('aad-ctl2', ctl2Id),
      recipient('aad-never-met', users.ids[users.email('finance_admin')]!),
    ]);
    expect(reports.map((r) => r.ok)).toEqual([true, false]);
    expect(reports[1]!.error).toMatch(/no chat with the bot/);
    const card = sentTo('a:personal-aad-ctl2').at(-1)!.body.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.actions!.map((a) => [a.verb, (a.data as { requestId: string }).requestId])).toEqual([
      ['approve', requestId],
      ['reject', requestId],
    ]);

    const own = await post(click('aad-ctl', 'approve', requestId));
    expect(own.status).toBe(200);
    expect(cardWords(own.body)).toMatch(/^Not approved: the initiator of an action cannot approve it/);
    const granted = () => database.db.select().from(approvals).where(eq(approvals.targetId, draft));
    expect(await granted()).toEqual([]);

    const first = click('aad-ctl2', 'approve', requestId);
    const yes = await post(first);
    expect(cardWords(yes.body)).toMatch(/^Approved \(level 1\) by Second Controller/);
    expect(await post(first).then((r) => cardWords(r.body))).toBe('This click was already handled.');
    const again = await post(click('aad-ctl2', 'approve', requestId));
    expect(cardWords(again.body)).toMatch(/^Nothing to approve/);
    expect(await granted()).toHaveLength(1);
    expect(decided).toEqual([{ requestId, effect: 'granted', by: ctl2Id }]);

    expect((await post(activity('aad-ctl', { text: 'resume' }))).status).toBe(200);
    await bot.idle();
    expect(sentTo('a:personal-aad-ctl').at(-1)?.body.text).toContain(`Approval request ${requestId} was granted`);
    const [inv] = await database.db.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, draft));
    expect(inv!.status).toBe('void');

    const told = await notifier.notifyApproval({ ...notice, status: 'granted', decidedByUserId: ctl2Id }, [
      recipient('aad-ctl', notice.requesterUserId),
    ]);
    expect(told.map((r) => r.ok)).toEqual([true]);
    expect(sentTo('a:personal-aad-ctl').at(-1)?.body.text).toMatch(/^Your request was approved by Second Controller/);
  });

  it('rejects from a submitted card only with a reason, through approvals_reject', async () => {
    const draft = await insertInvoice(database, { totalMinor: 20_000n, status: 'draft', period: '2026-07' });
    await post(activity('aad-ctl', { text: `Void DRAFT-${draft.slice(0, 8).toUpperCase()} because duplicate` }));
    await bot.idle();
    const requestId = requested.at(-1)!.ids[0]!;
    const submit = (reason?: string) =>
      activity('aad-ctl2', {
        value: { billingCopilotApproval: 1, decision: 'reject', requestId, ...(reason ? { reason } : {}) },
      });
    await post(submit());
    await bot.idle();
    expect(sentTo('a:personal-aad-ctl2').at(-1)?.body.text).toMatch(/^To reject, write the reason/);
    await post(submit('Not a duplicate: the client asked for both'));
    await bot.idle();
    expect(sentTo('a:personal-aad-ctl2').at(-1)?.body.text).toMatch(/^Rejected \(level 1\) by Second Controller/);
    expect(decided.at(-1)).toEqual({ requestId, effect: 'rejected', by: ctl2Id });
    const rows = await database.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.targetId, draft), eq(approvals.approverId, ctl2Id)));
    expect(rows).toEqual([]);
  });

  it('requires a reason on the card to reject: a blank one shows the card again, a written one rejects with it', async () => {
    const draft = await insertInvoice(database, { totalMinor: 21_000n, status: 'draft', period: '2026-06' });
    await post(activity('aad-ctl', { text: `Void DRAFT-${draft.slice(0, 8).toUpperCase()} because duplicate` }));
    await bot.idle();
    const requestId = requested.at(-1)!.ids[0]!;
    const notice: ApprovalNotice = {
      requestId,
      action: 'invoice.void',
      summary: 'Void it',
      status: 'open',
      requesterUserId: users.ids[users.email('controller')]!,
    };
    await notifier.notifyApproval(notice, [recipient('aad-ctl2', ctl2Id)]);
    const card = sentTo('a:personal-aad-ctl2').at(-1)!.body.attachments![0]!.content as {
      body: { type: string; id?: string; isRequired?: boolean; errorMessage?: string }[];
      actions: { verb: string; associatedInputs?: string }[];
    };
    expect(card.body.find((b) => b.type === 'Input.Text')).toMatchObject({
      id: 'reason',
      isRequired: true,
      errorMessage: expect.stringMatching(/^To reject, write the reason/),
    });
    expect(card.actions.map((a) => [a.verb, a.associatedInputs])).toEqual([
      ['approve', 'none'],
      ['reject', 'auto'],
    ]);
    const data = { action: 'invoice.void', summary: 'Void it' };

    const blank = await post(click('aad-ctl2', 'reject', requestId, { ...data, reason: '   ' }));
    expect(blank.status).toBe(200);
    const again = blank.body.value as { body: { text?: string; type: string }[]; actions: { verb: string }[] };
    expect(again.body.map((b) => b.text)).toContain(
      'To reject, write the reason in the box first: the requester reads it.',
    );
    expect(again.actions.map((a) => a.verb)).toEqual(['approve', 'reject']);
    const [still] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, requestId));
    expect(still?.status).toBe('pending');

    const done = await post(
      click('aad-ctl2', 'reject', requestId, { ...data, reason: 'The client disputes the void' }),
    );
    expect(cardWords(done.body)).toMatch(/^Rejected \(level 1\) by Second Controller: The client disputes the void/);
    const [after] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, requestId));
    expect(after).toMatchObject({
      status: 'rejected',
      decidedBy: ctl2Id,
      decisionReason: 'The client disputes the void',
    });
  });

  it('through the chat relay, a request opened in Teams reaches the other linked controller as a card', async () => {
    const chat = configuredChat(loadConfig({}), {
      tools: { database, now: () => new Date() },
      model: null,
      log: () => {},
      more: [{ notifier }],
    });
    try {
      await post(
        activity('aad-ctl2', {
          type: 'conversationUpdate',
          id: undefined,
          membersAdded: [{ id: `28:${STUB_APP_ID}` }],
        }),
      );
      const draft = await insertInvoice(database, { totalMinor: 12_500n, status: 'draft', period: '2026-08' });
      const ref = `DRAFT-${draft.slice(0, 8).toUpperCase()}`;
      const before = sentTo('a:personal-aad-ctl2').length;
      expect((await post(activity('aad-ctl', { text: `Void ${ref} because the client cancelled` }))).status).toBe(200);
      await bot.idle();
      const requestId = requested.at(-1)!.ids[0]!;
      // Nothing calls the notifier directly: the relay reads the notice the approval gate wrote.
      chat.worker.kick();
      await chat.worker.idle();
      const cards = sentTo('a:personal-aad-ctl2')
        .slice(before)
        .flatMap((p) => p.body.attachments ?? [])
        .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      expect(cards.map((c) => (c.content.actions![0]!.data as { requestId: string }).requestId)).toContain(requestId);
      // The requester is never asked to approve their own request.
      expect(
        sentTo('a:personal-aad-ctl')
          .flatMap((p) => p.body.attachments ?? [])
          .some((a) => (a.content.actions?.[0]?.data as { requestId?: string } | undefined)?.requestId === requestId),
      ).toBe(false);
    } finally {
      await chat.worker.stop();
    }
  });

  it('posts to a channel the bot was added to, and says so when it was in none or was removed', async () => {
    expect(await notifier.postToChannel('', 'Collections summary')).toMatchObject({ ok: false });
    await post(
      activity('aad-ctl', {
        type: 'conversationUpdate',
        id: undefined,
        conversation: { id: '19:collections@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
      }),
    );
    expect(await notifier.postToChannel('', 'Collections summary: 3 invoices past 60 days')).toEqual({ ok: true });
    expect(sentTo('19:collections@thread.tacv2').at(-1)?.body.text).toBe(
      'Collections summary: 3 invoices past 60 days',
    );
    await post(
      activity('aad-ctl', {
        type: 'installationUpdate',
        action: 'remove',
        id: undefined,
        conversation: { id: '19:collections@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
      }),
    );
    expect(await notifier.postToChannel('19:collections@thread.tacv2', 'again')).toMatchObject({ ok: false });
    // Every reply, card and post of this file went out under the one bot token, fetched once and cached.
    expect(stub.tokenRequests).toHaveLength(1);
    expect(new Set(stub.posted.map((p) => p.authorization))).toEqual(new Set(['Bearer stub-bot-token']));
  });
  it('records who a notice could not reach in Teams (no chat with the bot) and leaves it to their inbox', async () => {
    const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
    const ctl3 = await addUser(
      database.db,
      { email: 'ctl3@test.example', name: 'Third Controller', roles: ['controller'], entities: null },
      ctx,
    );
    if (!ctl3.ok) throw new Error(JSON.stringify(ctl3.error));
    const ctl3Id = ctl3.value.userId;
    // Linked to Teams, but never installed the app nor wrote to the bot: no conversation to write to.
    const link = await linkChatUser(
      database.db,
      { email: 'ctl3@test.example', provider: 'teams', externalId: 'aad-ctl3', workspaceId: TENANT },
      ctx,
    );
    if (!link.ok) throw new Error(JSON.stringify(link.error));
    const chat = configuredChat(loadConfig({}), {
      tools: { database, now: () => new Date() },
      model: null,
      log: () => {},
      more: [{ notifier }],
    });
    const relay = async () => {
      chat.worker.kick();
      await chat.worker.idle();
    };
    const requestBy = async (period: string) => {
      const draft = await insertInvoice(database, { totalMinor: 13_000n, status: 'draft', period });
      await post(activity('aad-ctl', { text: `Void DRAFT-${draft.slice(0, 8).toUpperCase()} because duplicate` }));
      await bot.idle();
      return requested.at(-1)!.ids[0]!;
    };
    const opened = async (requestId: string) =>
      (await database.db.select().from(chatNotices).where(eq(chatNotices.requestId, requestId))).find(
        (n) => n.event === 'opened',
      )!;
    const noConversation = (userId: string) => ({
      provider: 'teams',
      userId,
      reason: 'no_conversation',
      detail: expect.stringMatching(/no chat with the bot/),
      fallback: 'inbox',
    });
    try {
      await relay(); // what earlier tests left in the outbox
      // The second controller has the app: told with a card; the third is recorded as unreached, and it counts as sent.
      await post(
        activity('aad-ctl2', {
          type: 'conversationUpdate',
          id: undefined,
          membersAdded: [{ id: `28:${STUB_APP_ID}` }],
        }),
      );
      const mixed = await requestBy('2026-04');
      await relay();
      expect(await opened(mixed)).toMatchObject({ status: 'sent', attempts: 1, unreached: [noConversation(ctl3Id)] });

      // The second controller removes the app: nobody can be told in Teams. The notice falls back to the inbox,
      // says why for each, and is not retried (no retry can reach them).
      await post(activity('aad-ctl2', { type: 'installationUpdate', action: 'remove', id: undefined }));
      const alone = await requestBy('2026-03');
      await relay();
      await relay();
      const notice = await opened(alone);
      expect(notice).toMatchObject({ status: 'inbox', attempts: 1, error: null });
      expect(notice.unreached).toEqual(expect.arrayContaining([noConversation(ctl2Id), noConversation(ctl3Id)]));
      expect(notice.unreached).toHaveLength(2);
      // Where they find it: their approvals inbox, decidable now.
      const inbox = await callTool(
        {
          actor: { userId: ctl3Id, roles: ['controller'], entityIds: null, onBehalfOf: null },
          correlationId: 'test-inbox',
          now: new Date(),
          deps: { database, now: () => new Date() },
        },
        approvalsInboxList,
        { canDecide: 'true' },
      );
      expect(inbox.ok && JSON.stringify(inbox.value.items)).toContain(alone);
    } finally {
      await chat.worker.stop();
      await post(
        activity('aad-ctl2', {
          type: 'conversationUpdate',
          id: undefined,
          membersAdded: [{ id: `28:${STUB_APP_ID}` }],
        }),
      );
    }
  });
});
