import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '../../src/agent/turn.ts';
import { modelEngine } from '../../src/agent/model/model-engine.ts';
import { copilotChatModel } from '../../src/agent/model/model-provider.ts';
import { createApp } from '../../src/api/app.ts';
import { configuredChat, type ChatSetup } from '../../src/api/chat/configured-chat.ts';
import { signSlackRequest } from '../../src/api/slack/verify-signature.ts';
import { loadConfig } from '../../src/config.ts';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client.ts';
import { agentPendingCalls, approvalRequests, auditLog, idempotencyKeys, invoices } from '../../src/db/schema/index.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import type { Role } from '../../src/policy/roles.ts';
import { callTool } from '../../src/tools/call-tool.ts';
import { createTestUsers, type TestUsers } from './../helpers/api.ts';
import { backend, cloneServerTemplate, createTestDatabase } from '../helpers/db.ts';
import { loadFirm } from '../helpers/firm.ts';
import { insertInvoice } from '../helpers/invoices.ts';
import { startOpenAiStub, type OpenAiStub } from '../helpers/openai-stub.ts';
import { startSlackStub, type SlackStub } from '../helpers/slack-stub.ts';
import { linkChatUser } from '../helpers/users.ts';

/**
 * End to end, with the real `openai` client (through ChatOpenAI) against a local OpenAI-shaped stub
 * and Slack's Web API stubbed locally: a collector asks the copilot in a Slack DM to write off an
 * invoice; the model calls invoices_write_off, policy answers approval_required, the conversation
 * pauses (agent_pending_calls); approvers press Approve in Slack (signed requests, as Slack signs
 * them); the collector's conversation resumes and the write-off runs once, or reports ARGS_CHANGED.
 */
const SECRET = 'e2e-signing-secret-0123456789';
const TOKEN = 'xoxb-e2e-token';
const TEAM = 'T0FIRM';
const SLACK_ID: Partial<Record<Role, string>> = { collector: 'UCOLL', controller: 'UCTRL', finance_admin: 'UFIN' };
const LLM_KEY = 'sk-e2e-0123456789';

let openai: OpenAiStub;
let slack: SlackStub;
let seq = 0;

beforeAll(async () => {
  openai = await startOpenAiStub();
  slack = await startSlackStub();
});
afterAll(async () => {
  await openai?.close();
  await slack?.close();
});

/** A server's copilot and chat side as main.ts wires them (model configured, Slack configured), over a database. */
function server(database: Database) {
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_BASE_URL: slack.url,
    LLM_BASE_URL: openai.baseUrl,
    LLM_API_KEY: LLM_KEY,
    LLM_MODEL: 'stub-model',
  });
  const model = modelEngine(copilotChatModel(config, { timeoutMs: 10_000 })!, 'stub-model', { maxRetries: 0 });
  const failures: string[] = [];
  const log = (msg: string, meta: Record<string, unknown>) => void (/fail/.test(msg) && failures.push(msg));
  const tools = { database, now: () => new Date() };
  const chat: ChatSetup = configuredChat(config, { tools, model, log });
  const app = createApp({ database, log, slack: chat.slack });
  const settle = async () => {
    await chat.worker.idle();
    chat.worker.kick();
    await chat.worker.idle();
  };
  const signed = async (p: string, body: string, type: string) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await app.request(p, {
      method: 'POST',
      headers: {
        'content-type': type,
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signSlackRequest(SECRET, ts, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    await settle();
  };
  /** A DM to the bot, as Slack's Events API sends it. */
  const dm = (user: string, text: string) =>
    signed(
      '/slack/events',
      JSON.stringify({
        type: 'event_callback',
        team_id: TEAM,
        event_id: `EvE2e${++seq}`,
        event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts: `1700000100.${seq}` },
      }),
      'application/json',
    );
  /** A press of a button of an approval message, as Slack's interactivity sends it. */
  const press = (user: string, requestId: string) => {
    const actionTs = `1700000200.${++seq}`;
    return signed(
      '/slack/interactivity',
      `payload=${encodeURIComponent(
        JSON.stringify({
          type: 'block_actions',
          team: { id: TEAM },
          user: { id: user },
          response_url: `${slack.url}/response/${actionTs}`,
          trigger_id: `trigger-${actionTs}`,
          container: { type: 'message', channel_id: `D${user}`, message_ts: `msg-${actionTs}` },
          actions: [{ action_id: 'approval_grant', value: requestId, action_ts: actionTs }],
        }),
      )}`,
      'application/x-www-form-urlencoded',
    );
  };
  return { chat, app, dm, press, settle, failures, tools, model };
}

const postsTo = (user: string) =>
  slack.method('chat.postMessage').filter((c) => c.body.channel === user || c.body.channel === `D${user}`);
/** The Approve button the person was sent for a request, if any. */
const buttonFor = (user: string, requestId: string) =>
  postsTo(user).some((c) =>
    ((c.body.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]).some((b) =>
      (b.elements ?? []).some((e) => e.action_id === 'approval_grant' && e.value === requestId),
    ),
  );

async function setUp(database: Database): Promise<TestUsers> {
  await loadFirm(database);
  const users = await createTestUsers(database, 'LE-US');
  const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
  for (const [role, id] of Object.entries(SLACK_ID)) {
    const r = await linkChatUser(
      database.db,
      { email: users.email(role as Role), provider: 'slack', externalId: id, workspaceId: TEAM },
      ctx,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  return users;
}

/** A posted invoice of CL1 with a number, owing its whole total. */
async function postedInvoice(database: Database, totalMinor: bigint, number: string): Promise<string> {
  const id = await insertInvoice(database, { totalMinor, status: 'posted' });
  await database.db
    .update(invoices)
    .set({ number, issueDate: '2026-10-01', dueDate: '2026-10-31' })
    .where(eq(invoices.id, id));
  return id;
}

const writeOffs = async (database: Database, id: string) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'invoice.write_off'), eq(auditLog.targetId, id)));
const statusOf = async (database: Database, id: string) =>
  (await database.db.select({ s: invoices.status }).from(invoices).where(eq(invoices.id, id)))[0]!.s;
/** The first approval request on the invoice (the one the conversation paused on) and the calls paused on it. */
const pausedOn = async (database: Database, invoiceId: string) => {
  const [request] = await database.db
    .select()
    .from(approvalRequests)
    .where(eq(approvalRequests.targetId, invoiceId))
    .orderBy(approvalRequests.createdAt)
    .limit(1);
  const calls = request
    ? await database.db.select().from(agentPendingCalls).where(eq(agentPendingCalls.requestId, request.id))
    : [];
  return { request, calls };
};

/** The model's part: it asks for the write-off, then says it asked. */
const scriptWriteOff = (invoiceId: string) =>
  openai.script([
    { toolCalls: [{ name: 'invoices_write_off', args: { invoiceId, reason: 'the client is insolvent' } }] },
    { content: 'I asked for the write-off; it waits for approval.' },
  ]);

describe(`the copilot with a model pauses for approval, is granted from Slack, and resumes, on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let s: ReturnType<typeof server>;

  beforeAll(async () => {
    database = await createTestDatabase();
    users = await setUp(database);
    s = server(database);
  });
  afterAll(async () => {
    await s?.chat.worker.stop();
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('a write-off above the finance-admin threshold waits for both approvers, then runs exactly once', async () => {
    const invoiceId = await postedInvoice(database, 600_000n, 'TUS-2026-0201');
    scriptWriteOff(invoiceId);
    await s.dm('UCOLL', 'Write off TUS-2026-0201, the client is insolvent');

    // The model asked; policy opened a request; the conversation paused on it, durably (before the model read it).
    expect(openai.requests).toHaveLength(1);
    const { request, calls } = await pausedOn(database, invoiceId);
    expect(request?.status).toBe('pending');
    const requestId = request!.id;
    expect(calls).toEqual([
      expect.objectContaining({
        tool: 'invoices_write_off',
        status: 'waiting',
        args: { invoiceId, reason: 'the client is insolvent' },
        idempotencyKey: expect.stringMatching(/^copilot:[0-9a-f-]{36}:granted$/),
      }),
    ]);
    expect(postsTo('UCOLL').at(-1)?.body.text).toContain(`approval request ${requestId} is open`);
    expect(buttonFor('UCTRL', requestId)).toBe(true);
    expect(buttonFor('UCOLL', requestId)).toBe(false);

    // The controller approves: one level of two; nothing runs yet.
    await s.press('UCTRL', requestId);
    expect(await statusOf(database, invoiceId)).toBe('posted');
    expect(await writeOffs(database, invoiceId)).toEqual([]);
    expect((await pausedOn(database, invoiceId)).calls[0]!.status).toBe('waiting');
    expect(buttonFor('UFIN', requestId)).toBe(true);

    // The finance admin approves: granted; the collector's conversation resumes and runs the call once.
    const asked = openai.requests.length;
    await s.press('UFIN', requestId);
    expect(await statusOf(database, invoiceId)).toBe('written_off');
    expect(await writeOffs(database, invoiceId)).toHaveLength(1);
    // The resume ran the saved call; then the model went on from its checkpoint, reading that the call ran.
    expect(openai.requests.length).toBe(asked + 1);
    expect(JSON.stringify(openai.requests.at(-1)!.body.messages.at(-1))).toContain('ranAfterApproval');
    const [done] = (await pausedOn(database, invoiceId)).calls;
    expect(done).toMatchObject({ status: 'done', outcome: { ok: true, replayed: false } });
    const [key] = await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, done!.idempotencyKey));
    expect(key?.status).toBe('completed');
    const told = postsTo('UCOLL').at(-1)!.body.text as string;
    expect(told).toContain(`Approval request ${requestId} was granted: I ran invoices_write_off as approved.`);
    expect(told).not.toContain('already run');

    // The process "dies" after the write, before marking the call done: the next resume replays it, writes nothing.
    await database.db
      .update(agentPendingCalls)
      .set({ status: 'waiting', outcome: null, resolvedAt: null })
      .where(eq(agentPendingCalls.id, done!.id));
    const collector = { userId: users.ids[users.email('collector')]!, roles: ['collector' as const], entityIds: null };
    const again = await runTurn(s.tools, { person: collector, text: 'resume', threadId: done!.threadId }, s.model);
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    expect(again.value.reply).toContain('(it had already run; nothing ran twice)');
    expect(await writeOffs(database, invoiceId)).toHaveLength(1);
    expect(s.failures).toEqual([]);
  });

  it('reports ARGS_CHANGED in words and writes nothing when what is owed changed before the grant', async () => {
    const invoiceId = await postedInvoice(database, 200_000n, 'TUS-2026-0202');
    scriptWriteOff(invoiceId);
    await s.dm('UCOLL', 'Write off TUS-2026-0202, the client is insolvent');
    const { request } = await pausedOn(database, invoiceId);
    const requestId = request!.id;

    // Before anyone approves, part of it is paid: the write-off would now be for 1,500.00, not the 2,000.00 asked.
    const paid = await callTool(
      {
        actor: {
          userId: users.ids[users.email('collector')]!,
          roles: ['collector'],
          entityIds: null,
          onBehalfOf: null,
        },
        correlationId: 'e2e-payment',
        now: new Date(),
        deps: s.tools,
      },
      'payments_record',
      {
        client: 'CL1',
        amount: '500.00',
        currency: 'USD',
        receivedOn: '2026-11-30',
        method: 'bank_transfer',
        bankReference: 'E2E-ARGS-CHANGED',
        allocations: [{ invoice: 'TUS-2026-0202', amount: '500.00' }],
      },
    );
    expect(paid.ok ? 'ok' : JSON.stringify(paid.error)).toBe('ok');
    const statusBefore = await statusOf(database, invoiceId);
    const auditBefore = (await database.db.select({ seq: auditLog.seq }).from(auditLog)).length;

    await s.press('UCTRL', requestId);
    const told = postsTo('UCOLL').at(-1)!.body.text as string;
    expect(told).toContain(`Approval request ${requestId} was granted, but invoices_write_off did not run:`);
    expect(told).toContain('what was approved no longer matches');
    expect(told).toContain('(ARGS_CHANGED); nothing was done');
    expect(await statusOf(database, invoiceId)).toBe(statusBefore);
    expect(await writeOffs(database, invoiceId)).toEqual([]);
    expect((await pausedOn(database, invoiceId)).calls[0]).toMatchObject({
      status: 'failed',
      outcome: { ok: false, code: 'ARGS_CHANGED' },
    });
    // What the press and the resume recorded: the grant, and the policy gate's new request for what is owed now
    // (1,500.00, for approvers to decide afresh); no write-off.
    const recorded = (await database.db.select().from(auditLog).orderBy(auditLog.seq)).slice(auditBefore);
    expect(recorded.map((r) => r.action)).toEqual(['approval.grant', 'approval.request']);
    const requests = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.targetId, invoiceId))
      .orderBy(approvalRequests.createdAt);
    expect(requests.map((r) => [r.id, r.status, (r.args as { amount: unknown }).amount])).toEqual([
      [requestId, 'superseded', { amountMinor: '200000', currency: 'USD' }],
      [expect.any(String), 'pending', { amountMinor: '150000', currency: 'USD' }],
    ]);
    expect(told).toContain(`Approval request ${requests[1]!.id} is open for invoices_write_off as things stand now`);
  });
});

describe(`a conversation paused for approval survives a restart, on ${backend}`, () => {
  const url = process.env.DATABASE_URL;
  let folder: string | null = null;
  let clone: { url: string; drop: () => Promise<void> } | null = null;
  let database: Database | null = null;

  /** Opens the same data again: the server's database (a copy of the run's template), or the embedded folder. */
  const open = async () =>
    clone ? openDatabase({ databaseUrl: clone.url }) : openDatabase({ dataDir: path.join(folder!, 'data') });

  beforeAll(async () => {
    if (url) clone = await cloneServerTemplate(url);
    else folder = await mkdtemp(path.join(tmpdir(), 'bc-e2e-paused-'));
    database = await open();
    if (!clone) await migrateDatabase(database);
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
    await clone?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('pauses, the process stops, a new one on the same data is granted from Slack and resumes once', async () => {
    await setUp(database!);
    const invoiceId = await postedInvoice(database!, 150_000n, 'TUS-2026-0203');
    const first = server(database!);
    scriptWriteOff(invoiceId);
    await first.dm('UCOLL', 'Write off TUS-2026-0203, the client is insolvent');
    const { request } = await pausedOn(database!, invoiceId);
    expect(request?.status).toBe('pending');
    const requestId = request!.id;
    expect(buttonFor('UCTRL', requestId)).toBe(true);

    // The restart: the worker stops, the database closes (the embedded engine with it), and everything is built anew.
    await first.chat.worker.stop();
    await database!.close();
    database = await open();
    const second = server(database);
    openai.script([]);

    await second.press('UCTRL', requestId);
    expect(await statusOf(database, invoiceId)).toBe('written_off');
    expect(await writeOffs(database, invoiceId)).toHaveLength(1);
    // The saved call ran; the model, asked once after it, went on from the checkpoint the first process wrote.
    expect(openai.requests).toHaveLength(1);
    expect(JSON.stringify(openai.requests[0]!.body.messages.at(-1))).toContain('ranAfterApproval');
    expect((await pausedOn(database, invoiceId)).calls).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(postsTo('UCOLL').at(-1)!.body.text).toContain(
      `Approval request ${requestId} was granted: I ran invoices_write_off as approved.`,
    );
    // Pressing again (a replayed payload) runs nothing more.
    await second.press('UCTRL', requestId);
    expect(await writeOffs(database, invoiceId)).toHaveLength(1);
    await second.chat.worker.stop();
    expect([...first.failures, ...second.failures]).toEqual([]);
  });
});
