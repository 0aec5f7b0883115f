import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { migrateDatabase, openDatabase, type Database } from '../../db/client.ts';
import { agentTurns, chatInboundEvents } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { listJobFailures } from '../../db/stores/job-failure-store.ts';
import { linkChatUser } from '../../../test/helpers/users.ts';
import { SLACK_INBOUND_QUEUE, slackInboundJob } from '../../jobs/definitions/chat-inbound.ts';
import { createJobRunner, type JobConnection, type JobRunner } from '../../jobs/runner/job-runner.ts';
import { createLogger } from '../../shared/log.ts';
import { recordInbound } from '../../tools/chat/chat-inbound.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { startSlackStub, type SlackStub } from '../../../test/helpers/slack-stub.ts';
import { createApp } from '../app.ts';
import { configuredChat, type ChatSetup } from '../chat/configured-chat.ts';
import { signSlackRequest } from './verify-signature.ts';

/**
 * Work acknowledged to Slack is a durable job: on PostgreSQL (DATABASE_URL), or an embedded folder
 * served on its socket as `npm start` serves it, restarted between acknowledging and working.
 */
const SECRET = 'durable-signing-secret-0123456789';
const TEAM = 'T0FIRM';
const onServer = Boolean(process.env.DATABASE_URL);
let database: Database;
let folder: string | null = null;
let stub: SlackStub;
const log = createLogger('error', () => undefined);
const config = () =>
  loadConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-durable', SLACK_API_BASE_URL: stub.url });

const open = async () => {
  database = await openDatabase({
    dataDir: path.join(folder!, 'data'),
    serve: true,
    holder: { role: 'server', command: 'test' },
  });
};

/** A server's chat side as main.ts wires it: Slack events queued on a runner of this process. */
function server(opts: { work: boolean; now?: () => Date }) {
  const tools = { database, now: opts.now ?? (() => new Date()) };
  let chat: ChatSetup | null = null;
  const runner: JobRunner = createJobRunner({
    connection: database.reachableAs as JobConnection,
    db: database.db,
    log,
    cron: false,
    work: opts.work,
    pollingIntervalSeconds: 0.5,
    jobs: [slackInboundJob((eventId, o) => chat!.slack!.service.process(eventId, o))],
  });
  chat = configuredChat(config(), {
    tools,
    model: null,
    log: () => undefined,
    slackQueue: async (eventId) =>
      void (await runner.send(SLACK_INBOUND_QUEUE, { eventId }, { singletonKey: eventId })),
  });
  const app = createApp({ database, log: () => undefined, slack: chat.slack });
  return { runner, chat, app, tools };
}

const dm = (eventId: string, text: string) =>
  JSON.stringify({
    type: 'event_callback',
    team_id: TEAM,
    event_id: eventId,
    event: { type: 'message', channel_type: 'im', channel: 'DUCLERK', user: 'UCLERK', text, ts: '1700000100.1' },
  });
const signed = (app: ReturnType<typeof createApp>, body: string) => {
  const ts = String(Math.floor(Date.now() / 1000));
  return app.request('/slack/events', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signSlackRequest(SECRET, ts, body),
    },
    body,
  });
};
const until = async (what: () => Promise<boolean> | boolean, seconds = 45) => {
  const end = Date.now() + seconds * 1000;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const answers = () => stub.method('chat.postMessage').filter((c) => c.body.channel === 'DUCLERK');
const inbound = async (eventId: string) =>
  (await database.db.select().from(chatInboundEvents).where(eq(chatInboundEvents.eventId, eventId)))[0];
const turns = async () => (await database.db.select().from(agentTurns).where(eq(agentTurns.channel, 'slack'))).length;

beforeAll(async () => {
  stub = await startSlackStub();
  if (onServer) database = await createTestDatabase();
  else {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-slack-jobs-'));
    await open();
    await migrateDatabase(database);
  }
  await loadFirm(database);
  const users = await createTestUsers(database, 'LE-US');
  const r = await linkChatUser(
    database.db,
    { email: users.email('billing_clerk'), provider: 'slack', externalId: 'UCLERK', workspaceId: TEAM },
    { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}, 120_000);

afterAll(async () => {
  await stub?.close();
  if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
  await database?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe(`Slack work after the 200, on the job runner (${onServer ? 'postgres' : 'pglite served on its socket'})`, () => {
  it('runs an event acknowledged just before a restart exactly once after it', async () => {
    // The first server acknowledges (recorded and queued), then stops before any worker took it.
    const first = server({ work: false });
    await first.runner.start();
    const res = await signed(first.app, dm('EvRestart', 'what waits for my approval?'));
    expect(res.status).toBe(200);
    expect(await inbound('EvRestart')).toMatchObject({ status: 'received', attempts: 0 });
    expect(await first.runner.pending(SLACK_INBOUND_QUEUE)).toBe(1);
    await first.runner.stop();
    await first.chat.worker.stop();
    expect(answers()).toEqual([]);
    const turnsBefore = await turns();
    // The restart: every connection closed, the embedded folder's engine too, and opened again.
    if (!onServer) {
      await database.close();
      await open();
    }
    const second = server({ work: true });
    await second.runner.start();
    await until(async () => (await inbound('EvRestart'))?.status === 'done');
    await until(async () => (await second.runner.pending(SLACK_INBOUND_QUEUE)) === 0);
    await new Promise((r) => setTimeout(r, 1500)); // three more polls: nothing runs twice
    await second.runner.stop();
    await second.chat.worker.stop();
    expect(answers()).toHaveLength(1);
    expect(await inbound('EvRestart')).toMatchObject({ status: 'done', attempts: 1, error: null });
    expect(await turns()).toBe(turnsBefore + 1);
  }, 120_000);

  it('retries an event whose answer Slack refused, records the failure, and answers once without asking again', async () => {
    const s = server({ work: true });
    await s.runner.start();
    const before = answers().length;
    const turnsBefore = await turns();
    stub.failNext('chat.postMessage', 1, 'ratelimited');
    expect((await signed(s.app, dm('EvRetry', 'what waits for my approval?'))).status).toBe(200);
    await until(async () => (await inbound('EvRetry'))?.status === 'done', 60);
    await s.runner.stop();
    await s.chat.worker.stop();
    const failures = (
      await listJobFailures(database.db, { objectType: 'slack_event', objectId: 'EvRetry', limit: 10, offset: 0 })
    ).rows;
    expect(failures.map((f) => [f.queue, f.attempt, f.willRetry, f.actedAs])).toEqual([
      [SLACK_INBOUND_QUEUE, 1, true, 'service:chat-slack'],
    ]);
    expect(failures[0]!.error).toMatch(/ratelimited/);
    // Two posts (the refused one and the answer), one copilot turn: the retry sent the answer kept the first time.
    const posted = answers().slice(before);
    expect(posted).toHaveLength(2);
    expect(posted[1]!.body.text).toBe(posted[0]!.body.text);
    expect(await turns()).toBe(turnsBefore + 1);
    expect(await inbound('EvRetry')).toMatchObject({ status: 'done', attempts: 2 });
  }, 120_000);

  it('queues at the sweep an event recorded but never queued (the process died in between), once', async () => {
    const longAgo = () => new Date(Date.now() - 2 * 60_000);
    const payload = JSON.parse(dm('EvNeverQueued', 'what waits for my approval?')) as Record<string, unknown>;
    expect(
      await recordInbound(
        { database, now: longAgo },
        { provider: 'slack', eventId: 'EvNeverQueued', kind: 'event', payload },
      ),
    ).toBe(true);
    const s = server({ work: true });
    await s.runner.start();
    const before = answers().length;
    await s.chat.slack!.service.sweep();
    await s.chat.slack!.service.sweep();
    await until(async () => (await inbound('EvNeverQueued'))?.status === 'done');
    await new Promise((r) => setTimeout(r, 1500));
    await s.chat.slack!.service.sweep();
    await s.runner.stop();
    await s.chat.worker.stop();
    expect(answers().length).toBe(before + 1);
    expect(await inbound('EvNeverQueued')).toMatchObject({ status: 'done', attempts: 1 });
  }, 120_000);
});
