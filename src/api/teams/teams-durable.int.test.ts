import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../db/client.ts';
import { agentTurns, chatInboundEvents } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { listJobFailures } from '../../db/stores/job-failure-store.ts';
import { linkChatUser } from '../../../test/helpers/users.ts';
import { TEAMS_INBOUND_QUEUE, teamsInboundJob } from '../../jobs/definitions/chat-inbound.ts';
import { createJobRunner, type JobConnection, type JobRunner } from '../../jobs/runner/job-runner.ts';
import { createLogger } from '../../shared/log.ts';
import { recordInbound } from '../../tools/chat/chat-inbound.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { createApp } from '../app.ts';
import { botConnector } from './connector.ts';
import { teamsBot, type TeamsBot } from './teams-bot.ts';
import { botTokenVerifier } from './verify-token.ts';

/**
 * A Teams message acknowledged with 200 is a durable job (`chat.teams.inbound`): on PostgreSQL
 * (DATABASE_URL), or an embedded folder served on its socket as `npm start` serves it, restarted
 * between acknowledging and working.
 */
const TENANT = '72f988bf-0000-4000-8000-000000000003';
const CONVERSATION = 'a:personal-aad-clerk';
const onServer = Boolean(process.env.DATABASE_URL);
let database: Database;
let folder: string | null = null;
let stub: TeamsStub;
let n = 0;
const log = createLogger('error', () => undefined);

const open = async () => {
  database = await openDatabase({
    dataDir: path.join(folder!, 'data'),
    serve: true,
    holder: { role: 'server', command: 'test' },
  });
};

/** A server's Teams side as main.ts wires it: messages queued on a runner of this process. */
function server(opts: { work: boolean; now?: () => Date }) {
  const tools = { database, now: opts.now ?? (() => new Date()) };
  let bot: TeamsBot | null = null;
  const runner: JobRunner = createJobRunner({
    connection: database.reachableAs as JobConnection,
    db: database.db,
    log,
    cron: false,
    work: opts.work,
    pollingIntervalSeconds: 0.5,
    jobs: [teamsInboundJob((activityId, o) => bot!.process(activityId, o))],
  });
  bot = teamsBot({
    deps: tools,
    verify: botTokenVerifier({ jwksUrl: stub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID }),
    connector: botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: stub.tokenUrl }),
    model: null,
    log: () => undefined,
    queue: async (activityId) =>
      void (await runner.send(TEAMS_INBOUND_QUEUE, { activityId }, { singletonKey: activityId })),
  });
  const app = createApp({ database, log: () => undefined, teams: bot });
  return { runner, bot, app };
}

const message = (text: string, id = `act-durable-${++n}`) => ({
  type: 'message',
  id,
  serviceUrl: stub.serviceUrl,
  channelId: 'msteams',
  from: { id: '29:aad-clerk', aadObjectId: 'aad-clerk' },
  recipient: { id: `28:${STUB_APP_ID}` },
  conversation: { id: CONVERSATION, conversationType: 'personal', tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
  text,
});
const post = async (app: ReturnType<typeof createApp>, act: unknown) =>
  app.request('/teams/messages', {
    method: 'POST',
    headers: { authorization: `Bearer ${await stub.sign()}`, 'content-type': 'application/json' },
    body: JSON.stringify(act),
  });
const until = async (what: () => Promise<boolean> | boolean, seconds = 45) => {
  const end = Date.now() + seconds * 1000;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const answers = () => stub.posted.filter((p) => p.conversationId === CONVERSATION);
const inbound = async (id: string) =>
  (
    await database.db
      .select()
      .from(chatInboundEvents)
      .where(and(eq(chatInboundEvents.provider, 'teams'), eq(chatInboundEvents.eventId, id)))
  )[0];
const turns = async () => (await database.db.select().from(agentTurns).where(eq(agentTurns.channel, 'teams'))).length;

beforeAll(async () => {
  stub = await startTeamsStub();
  if (onServer) database = await createTestDatabase();
  else {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-teams-jobs-'));
    await open();
    await migrateDatabase(database);
  }
  await loadFirm(database);
  const users = await createTestUsers(database, 'LE-US');
  const r = await linkChatUser(
    database.db,
    { email: users.email('billing_clerk'), provider: 'teams', externalId: 'aad-clerk', workspaceId: TENANT },
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

describe(`Teams messages after the 200, on the job runner (${onServer ? 'postgres' : 'pglite served on its socket'})`, () => {
  it('runs a message acknowledged just before a restart exactly once after it, a redelivery included', async () => {
    // The first server acknowledges (recorded and queued), Teams redelivers it, then the server stops before any work.
    const first = server({ work: false });
    await first.runner.start();
    const act = message('what waits for my approval?');
    expect((await post(first.app, act)).status).toBe(200);
    expect((await post(first.app, act)).status).toBe(200);
    expect(await inbound(act.id)).toMatchObject({ kind: 'message', status: 'received', attempts: 0 });
    expect(await first.runner.pending(TEAMS_INBOUND_QUEUE)).toBe(1);
    await first.runner.stop();
    await first.bot.idle();
    expect(answers()).toEqual([]);
    const turnsBefore = await turns();
    // The restart: every connection closed, the embedded folder's engine too, and opened again.
    if (!onServer) {
      await database.close();
      await open();
    }
    const second = server({ work: true });
    await second.runner.start();
    await until(async () => (await inbound(act.id))?.status === 'done');
    await until(async () => (await second.runner.pending(TEAMS_INBOUND_QUEUE)) === 0);
    // Redelivered once more after it was answered, then three more polls: nothing runs twice.
    expect((await post(second.app, act)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    await second.runner.stop();
    expect(answers()).toHaveLength(1);
    expect(answers()[0]!.body).toMatchObject({ type: 'message', replyToId: act.id });
    expect(await inbound(act.id)).toMatchObject({ status: 'done', attempts: 1, error: null });
    expect(await turns()).toBe(turnsBefore + 1);
  }, 120_000);

  it('retries a message whose answer the Connector refused, records the failure, and answers once without asking again', async () => {
    const s = server({ work: true });
    await s.runner.start();
    const before = answers().length;
    const turnsBefore = await turns();
    stub.failPosts(1);
    const act = message('what waits for my approval?');
    expect((await post(s.app, act)).status).toBe(200);
    await until(async () => (await inbound(act.id))?.status === 'done', 60);
    await s.runner.stop();
    const failures = (
      await listJobFailures(database.db, { objectType: 'teams_activity', objectId: act.id, limit: 10, offset: 0 })
    ).rows;
    expect(failures.map((f) => [f.queue, f.attempt, f.willRetry, f.actedAs])).toEqual([
      [TEAMS_INBOUND_QUEUE, 1, true, 'service:chat-teams'],
    ]);
    expect(failures[0]!.error).toMatch(/503/);
    // One answer delivered, one copilot turn: the retry sent the answer kept the first time.
    expect(answers().length).toBe(before + 1);
    expect(await turns()).toBe(turnsBefore + 1);
    expect(await inbound(act.id)).toMatchObject({ status: 'done', attempts: 2 });
  }, 120_000);

  it('queues at the sweep a message recorded but never queued (the process died in between), once', async () => {
    const longAgo = () => new Date(Date.now() - 2 * 60_000);
    const act = message('what waits for my approval?');
    expect(
      await recordInbound(
        { database, now: longAgo },
        { provider: 'teams', eventId: act.id, kind: 'message', payload: act },
      ),
    ).toBe(true);
    const s = server({ work: true });
    await s.runner.start();
    const before = answers().length;
    await s.bot.sweep();
    await s.bot.sweep();
    await until(async () => (await inbound(act.id))?.status === 'done');
    await new Promise((r) => setTimeout(r, 1500));
    await s.bot.sweep();
    await s.runner.stop();
    expect(answers().length).toBe(before + 1);
    expect(await inbound(act.id)).toMatchObject({ status: 'done', attempts: 1 });
  }, 120_000);
});
