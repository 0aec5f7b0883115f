import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { agentTurns, approvalRequests, auditLog, chatInboundEvents, invoices } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { linkChatUser } from '../../../test/helpers/users.ts';
import type { Role } from '../../policy/roles.ts';
import { digestToChat, runCollectionsNightly } from '../../jobs/definitions/collections-nightly.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import { recordInbound } from '../../tools/chat/chat-inbound.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { call, createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { createApp } from '../app.ts';
import { configuredChat, type ChatSetup } from '../chat/configured-chat.ts';
import { signSlackRequest } from './verify-signature.ts';
import { reasonState, REASON_BLOCK } from './reject-reason.ts';

const SECRET = 'test-signing-secret-0123456789';
const TOKEN = 'xoxb-test-token-never-logged';
const TEAM = 'T0FIRM';
const SLACK_ID: Partial<Record<Role, string>> = { billing_clerk: 'UCLERK', controller: 'UCTRL' };

describe(`Slack: events, /billing, Approve / Reject buttons and notices, on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let stub: SlackStub;
  let chat: ChatSetup;
  let app: ReturnType<typeof createApp>;
  const logged: { msg: string; meta: unknown }[] = [];
  let seq = 0;

  /** A request signed as Slack signs it, at now (or `skewSeconds` off). */
  const signed = (
    path: string,
    body: string,
    type: string,
    opts: { skewSeconds?: number; headers?: Record<string, string> } = {},
  ) => {
    const ts = String(Math.floor(Date.now() / 1000) + (opts.skewSeconds ?? 0));
    return app.request(path, {
      method: 'POST',
      headers: {
        'content-type': type,
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
        ...opts.headers,
      },
      body,
    });
  };
  const dm = (user: string, text: string, eventId = `Ev${++seq}`) =>
    JSON.stringify({
      type: 'event_callback',
      team_id: TEAM,
      event_id: eventId,
      event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts: `1700000100.${seq}` },
    });
  const button = (user: string, actionId: string, requestId: string, actionTs = `1700000200.${++seq}`) =>
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'block_actions',
        team: { id: TEAM },
        user: { id: user },
        response_url: `${stub.url}/response/${actionTs}`,
        trigger_id: `trigger-${actionTs}`,
        container: { type: 'message', channel_id: `D${user}`, message_ts: `msg-${actionTs}` },
        actions: [{ action_id: actionId, value: requestId, action_ts: actionTs }],
      }),
    )}`;
  /** The reason modal submitted, as Slack sends a view_submission (the view as opened, with what was typed). */
  const submitReason = (user: string, view: Record<string, unknown>, reason: string, viewId = `V${++seq}`) =>
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'view_submission',
        team: { id: TEAM },
        user: { id: user },
        view: { ...view, id: viewId, state: reasonState(reason) },
      }),
    )}`;
  const settle = async () => {
    await chat.worker.idle();
    chat.worker.kick();
    await chat.worker.idle();
  };
  const invoiceStatus = async (id: string) =>
    (await database.db.select({ s: invoices.status }).from(invoices).where(eq(invoices.id, id)))[0]!.s;
  const ref = (id: string) => `DRAFT-${id.slice(0, 8).toUpperCase()}`;
  const postsTo = (user: string) =>
    stub.method('chat.postMessage').filter((c) => c.body.channel === user || c.body.channel === `D${user}`);

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    stub = await startSlackStub();
    const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
    for (const [role, id] of Object.entries(SLACK_ID)) {
      const r = await linkChatUser(
        database.db,
        { email: users.email(role as Role), provider: 'slack', externalId: id, workspaceId: TEAM },
        ctx,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    }
    const config = loadConfig({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_BASE_URL: stub.url,
      SLACK_COLLECTIONS_CHANNEL: 'CCOLLECT',
    });
    const log = (msg: string, meta: Record<string, unknown>) => void logged.push({ msg, meta });
    chat = configuredChat(config, { tools: { database, now: () => new Date() }, model: null, log });
    app = createApp({ database, log, slack: chat.slack });
  });
  afterAll(async () => {
    await chat?.worker.stop();
    await stub?.close();
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('answers url_verification with its challenge when signed', async () => {
    const res = await signed(
      '/slack/events',
      JSON.stringify({ type: 'url_verification', challenge: 'c-123' }),
      'application/json',
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('refuses a bad signature or a stale timestamp with 401 SLACK_SIGNATURE_INVALID, and nothing happens', async () => {
    const before = stub.calls.length;
    const body = dm('UCLERK', 'what waits for my approval?', 'EvForged');
    const forged = await app.request('/slack/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': signSlackRequest('another-secret', String(Math.floor(Date.now() / 1000)), body),
      },
      body,
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({
      code: 'SLACK_SIGNATURE_INVALID',
      details: { reason: 'signature_mismatch' },
    });
    // Well past the 5 minutes each way: a future timestamp only gets closer while a loaded machine runs the
    // request, so +301 s could pass; the exact boundary is verify-signature.test.ts's, at a fixed clock.
    for (const skewSeconds of [-301, 360]) {
      const stale = await signed('/slack/events', body, 'application/json', { skewSeconds });
      expect(stale.status).toBe(401);
      expect(await stale.json()).toMatchObject({ details: { reason: 'stale_timestamp' } });
    }
    const unsigned = await app.request('/slack/commands', { method: 'POST', body: 'text=hi' });
    expect(unsigned.status).toBe(401);
    await settle();
    expect(stub.calls.length).toBe(before);
    const seen = await database.db.select().from(chatInboundEvents).where(eq(chatInboundEvents.eventId, 'EvForged'));
    expect(seen).toEqual([]);
  });

  it('tells an unlinked Slack user, politely, to ask an admin to link them, and acts on nothing', async () => {
    const turnsBefore = (await database.db.select().from(agentTurns)).length;
    const res = await signed('/slack/events', dm('USTRANGER', 'void everything'), 'application/json');
    expect(res.status).toBe(200);
    await settle();
    const [reply] = postsTo('USTRANGER');
    expect(reply?.body.text).toMatch(/ask an administrator to link your Slack account/);
    expect(reply?.authorization).toBe(`Bearer ${TOKEN}`);
    expect((await database.db.select().from(agentTurns)).length).toBe(turnsBefore);
  });

  it('handles a retried event id once', async () => {
    const body = dm('UCLERK', 'what waits for my approval?', 'EvRetried');
    const turnsBefore = (await database.db.select().from(agentTurns)).length;
    const postsBefore = postsTo('UCLERK').length;
    expect((await signed('/slack/events', body, 'application/json')).status).toBe(200);
    await settle();
    const retry = await signed('/slack/events', body, 'application/json', { headers: { 'x-slack-retry-num': '1' } });
    expect(retry.status).toBe(200);
    await settle();
    expect((await database.db.select().from(agentTurns)).length).toBe(turnsBefore + 1);
    expect(postsTo('UCLERK').length).toBe(postsBefore + 1);
  });

  it('answers a mention in a channel only to the one who asked, in the thread', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: TEAM,
      event_id: 'EvMention',
      event: {
        type: 'app_mention',
        channel: 'CFINANCE',
        user: 'UCLERK',
        text: '<@UBOT> what waits for my approval?',
        ts: '1700000300.1',
      },
    });
    expect((await signed('/slack/events', body, 'application/json')).status).toBe(200);
    await settle();
    const [answer] = stub.method('chat.postEphemeral');
    expect(answer?.body).toMatchObject({ channel: 'CFINANCE', user: 'UCLERK', thread_ts: '1700000300.1' });
    expect(stub.method('chat.postMessage').some((c) => c.body.channel === 'CFINANCE')).toBe(false);
  });

  it('takes up an event acknowledged but never handled (a restart cut it off) at the next sweep, once', async () => {
    const tools = { database, now: () => new Date() };
    const payload = JSON.parse(dm('UCLERK', 'what waits for my approval?', 'EvOrphan')) as Record<string, unknown>;
    // Recorded as the endpoint records it, but the process "died" before the work ran.
    expect(await recordInbound(tools, { provider: 'slack', eventId: 'EvOrphan', kind: 'event', payload })).toBe(true);
    const before = postsTo('UCLERK').length;
    await chat.slack!.service.sweep();
    await chat.slack!.service.sweep();
    await settle();
    expect(postsTo('UCLERK').length).toBe(before + 1);
    const [row] = await database.db.select().from(chatInboundEvents).where(eq(chatInboundEvents.eventId, 'EvOrphan'));
    expect(row).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('answers /billing through the response_url as the linked user', async () => {
    const form = new URLSearchParams({
      command: '/billing',
      team_id: TEAM,
      user_id: 'UCTRL',
      text: 'what waits for my approval?',
      trigger_id: 'trig-1',
      response_url: `${stub.url}/response/cmd-1`,
    }).toString();
    const res = await signed('/slack/commands', form, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ response_type: 'ephemeral' });
    await settle();
    const answer = stub.calls.find((c) => c.path === 'response/cmd-1');
    expect(answer?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(answer?.authorization).toBeNull();
    const [turn] = await database.db
      .select()
      .from(agentTurns)
      .where(and(eq(agentTurns.userId, users.ids[users.email('controller')]!), eq(agentTurns.channel, 'slack')));
    expect(turn?.toolCalls).toEqual([expect.objectContaining({ tool: 'approvals_inbox', outcome: 'ok' })]);
  });

  it('pauses a write for approval, the approver grants it from a Slack button, and the call runs once', async () => {
    const draft = await insertInvoice(database, { totalMinor: 30_000n, status: 'draft', period: '2026-08' });
    // The clerk asks in a DM; the copilot opens an approval request and pauses.
    expect(
      (
        await signed(
          '/slack/events',
          dm('UCLERK', `Void ${ref(draft)} because it was raised in error`),
          'application/json',
        )
      ).status,
    ).toBe(200);
    await settle();
    const [request] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.targetId, draft));
    expect(request?.status).toBe('pending');
    const requestId = request!.id;
    expect(postsTo('UCLERK').at(-1)?.body.text).toContain(requestId);
    expect(await invoiceStatus(draft)).toBe('draft');

    // The controller (linked, may decide) gets a message with Approve / Reject buttons; the clerk does not.
    const ask = postsTo('UCTRL').find((c) => JSON.stringify(c.body.blocks ?? []).includes(requestId));
    expect(ask).toBeDefined();
    const elements = (ask!.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (b) => b.type === 'actions',
    )!.elements!;
    expect(elements.map((e) => [e.action_id, e.value])).toEqual([
      ['approval_grant', requestId],
      ['approval_reject', requestId],
    ]);
    expect(postsTo('UCLERK').some((c) => JSON.stringify(c.body.blocks ?? []).includes(requestId))).toBe(false);

    // The controller presses Approve: the grant runs as them; the clerk's conversation resumes and runs the void once.
    const press = button('UCTRL', 'approval_grant', requestId);
    expect((await signed('/slack/interactivity', press, 'application/x-www-form-urlencoded')).status).toBe(200);
    await settle();
    expect(await invoiceStatus(draft)).toBe('void');
    const voids = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invoice.void'), eq(auditLog.targetId, draft)));
    expect(voids).toHaveLength(1);
    const ack = stub.calls.find(
      (c) => c.path.startsWith('response/') && String(c.body.text).includes(`request ${requestId}`),
    );
    expect(ack?.body).toMatchObject({ replace_original: true });
    const told = postsTo('UCLERK').at(-1)!.body.text as string;
    expect(told).toContain(`Approval request ${requestId}`);
    expect(told).toMatch(/was approved/);
    expect(told).toContain(`Approval request ${requestId} was granted: I ran invoices_void`);
    // The approver's message loses its buttons.
    const updated = stub
      .method('chat.update')
      .find((c) => c.body.ts === ask!.body.ts || String(c.body.text).includes(requestId));
    expect(updated?.body.text).toMatch(/was approved/);

    // Pressing the same button again (a replayed payload) does nothing more.
    const callsBefore = stub.calls.length;
    expect((await signed('/slack/interactivity', press, 'application/x-www-form-urlencoded')).status).toBe(200);
    await settle();
    expect(stub.calls.length).toBe(callsBefore);
    expect(
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'invoice.void'), eq(auditLog.targetId, draft))),
    ).toHaveLength(1);
  });

  it('asks the approver in Slack for a request opened through POST /agent/messages; Reject asks why, then closes it', async () => {
    const draft = await insertInvoice(database, { totalMinor: 25_000n, status: 'draft', period: '2026-06' });
    const first = await call<{ threadId: string; pendingApprovals: { requestId: string }[] }>(
      app,
      'POST',
      '/agent/messages',
      {
        key: users.key.billing_clerk,
        body: { text: `Void ${ref(draft)} because the client cancelled` },
      },
    );
    expect(first.status).toBe(200);
    const requestId = first.body.pendingApprovals[0]!.requestId;
    await settle();
    expect(postsTo('UCTRL').some((c) => JSON.stringify(c.body.blocks ?? []).includes(requestId))).toBe(true);

    // Reject opens the reason modal with the press's trigger_id; nothing is decided yet.
    const press = button('UCTRL', 'approval_reject', requestId, 'reject-1');
    expect((await signed('/slack/interactivity', press, 'application/x-www-form-urlencoded')).status).toBe(200);
    await settle();
    const opened = stub.method('views.open').at(-1);
    expect(opened?.body.trigger_id).toBe('trigger-reject-1');
    expect(opened?.authorization).toBe(`Bearer ${TOKEN}`);
    const view = opened!.body.view as Record<string, unknown>;
    expect(JSON.stringify(view.blocks)).toContain('"type":"input"');
    const pending = async () =>
      (await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, requestId)))[0]!.status;
    expect(await pending()).toBe('pending');

    // A blank reason is refused in the modal, under the box, and nothing is recorded or decided.
    const blank = await signed(
      '/slack/interactivity',
      submitReason('UCTRL', view, '   '),
      'application/x-www-form-urlencoded',
    );
    expect(blank.status).toBe(200);
    expect(await blank.json()).toEqual({
      response_action: 'errors',
      errors: { [REASON_BLOCK]: expect.stringMatching(/Write why you reject it/) },
    });
    await settle();
    expect(await pending()).toBe('pending');

    // With a reason: rejected as the controller, with that reason; the message with the buttons is updated.
    const submitted = await signed(
      '/slack/interactivity',
      submitReason('UCTRL', view, 'The client withdrew the cancellation', 'VREJECT1'),
      'application/x-www-form-urlencoded',
    );
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toBe('');
    await settle();
    const [after] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, requestId));
    expect(after).toMatchObject({
      status: 'rejected',
      decidedBy: users.ids[users.email('controller')],
      decisionReason: 'The client withdrew the cancellation',
    });
    const update = stub.method('chat.update').find((c) => c.body.ts === 'msg-reject-1');
    expect(update?.body).toMatchObject({ channel: 'DUCTRL' });
    expect(String(update?.body.text)).toContain(
      `You rejected request ${requestId}: The client withdrew the cancellation`,
    );
    const told = postsTo('UCLERK').at(-1)!.body.text as string;
    expect(told).toContain(
      `Approval request ${requestId} (invoice.void) was rejected: The client withdrew the cancellation`,
    );
    expect(told).toContain(`Approval request ${requestId} was rejected`);
    expect(await invoiceStatus(draft)).toBe('draft');
    const again = await call<{ reply: string }>(app, 'POST', '/agent/messages', {
      key: users.key.billing_clerk,
      body: { text: 'resume', threadId: first.body.threadId },
    });
    expect(again.body.reply).toBe('Nothing of this conversation waits for an approval.');

    // The same submission delivered again does nothing more.
    const updatesBefore = stub.method('chat.update').length;
    await signed(
      '/slack/interactivity',
      submitReason('UCTRL', view, 'The client withdrew the cancellation', 'VREJECT1'),
      'application/x-www-form-urlencoded',
    );
    await settle();
    expect(stub.method('chat.update').length).toBe(updatesBefore);
    const rejections = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'approval.reject'), eq(auditLog.targetId, draft)));
    expect(rejections).toHaveLength(1);
  });

  it('refuses a requester rejecting their own request from the reason modal; it stays pending', async () => {
    const draft = await insertInvoice(database, { totalMinor: 41_000n, status: 'draft', period: '2026-05' });
    await signed('/slack/events', dm('UCTRL', `Void ${ref(draft)} because it is a duplicate`), 'application/json');
    await settle();
    const [request] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.targetId, draft));
    expect(request?.status).toBe('pending');
    await signed(
      '/slack/interactivity',
      button('UCTRL', 'approval_reject', request!.id, 'self-reject'),
      'application/x-www-form-urlencoded',
    );
    await settle();
    const view = stub.method('views.open').at(-1)!.body.view as Record<string, unknown>;
    await signed(
      '/slack/interactivity',
      submitReason('UCTRL', view, 'I changed my mind'),
      'application/x-www-form-urlencoded',
    );
    await settle();
    const answer = stub.calls.filter((c) => c.path === 'response/self-reject').at(-1);
    expect(answer?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(answer?.body.text)).toMatch(/^Not rejected: .*\((SOD_VIOLATION|FORBIDDEN)\)\.$/);
    const [after] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, request!.id));
    expect(after?.status).toBe('pending');
  });

  it("refuses a requester's Approve on their own request; it stays pending", async () => {
    const draft = await insertInvoice(database, { totalMinor: 40_000n, status: 'draft', period: '2026-07' });
    await signed('/slack/events', dm('UCTRL', `Void ${ref(draft)} because it is a duplicate`), 'application/json');
    await settle();
    const [request] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.targetId, draft));
    expect(request?.status).toBe('pending');
    // Policy does not let the requester decide it, so they are not asked to.
    expect(postsTo('UCTRL').some((c) => JSON.stringify(c.body.blocks ?? []).includes(request!.id))).toBe(false);
    const press = button('UCTRL', 'approval_grant', request!.id, 'self-1');
    expect((await signed('/slack/interactivity', press, 'application/x-www-form-urlencoded')).status).toBe(200);
    await settle();
    const answer = stub.calls.find((c) => c.path === 'response/self-1');
    expect(answer?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(answer?.body.text)).toMatch(/^Not approved: .*\((SOD_VIOLATION|FORBIDDEN)\)\.$/);
    const [after] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, request!.id));
    expect(after?.status).toBe('pending');
    expect(await invoiceStatus(draft)).toBe('draft');
  });

  it("posts the nightly job's own finance digest to SLACK_COLLECTIONS_CHANNEL once, though the job runs twice", async () => {
    const tools = { database, now: () => new Date() };
    const job = (jobId: string) => ({ actor: serviceActor('scheduler'), jobId, log: createLogger('error') });
    const night = (jobId: string) =>
      runCollectionsNightly(tools, { asOf: '2026-12-05' }, job(jobId), { timeZone: 'UTC' });
    const first = await night('nightly-1');
    expect(first.digest).toMatch(/^Collections worklist of 2026-12-05: /);
    await digestToChat(tools)(first);
    // A retried job replays the stored run and queues its digest again: the outbox keeps one.
    const again = await night('nightly-2');
    expect(again).toEqual({ ...first, replayed: true });
    await digestToChat(tools)(again);
    await settle();
    const posts = stub.method('chat.postMessage').filter((c) => c.body.channel === 'CCOLLECT');
    expect(posts.map((p) => p.body.text)).toEqual([`Collections 2026-12-05\n${first.digest}`]);
  });

  it('never logs the bot token or the signing secret, and no background work failed', () => {
    expect(logged.filter((l) => /failed/.test(l.msg))).toEqual([]);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
  });
});
