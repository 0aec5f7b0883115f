import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, chatInboundEvents } from '../../db/schema/index.ts';
import { pruneFinishedInboundEvents } from '../../db/stores/chat-notice-store.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import type { Actor } from '../../policy/roles.ts';
import { createLogger } from '../../shared/log.ts';
import { CHAT_EVENTS_PRUNE_QUEUE, chatEventsPruneJob } from '../../jobs/definitions/chat-events-prune.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { createApp } from '../../api/app.ts';
import { botConnector } from '../../api/teams/connector.ts';
import { teamsBot } from '../../api/teams/teams-bot.ts';
import { botTokenVerifier } from '../../api/teams/verify-token.ts';
import { callTool } from '../call-tool.ts';
import { recordInbound, unhandledInbound } from './chat-inbound.ts';
import { CHAT_DEDUPE_WINDOW_MS, chatEventsPrune } from './prune-chat-events.ts';

const DAY = 24 * 3_600_000;
const NOW = new Date('2026-12-06T03:17:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
let database: Database;
let n = 0;

type Status = 'received' | 'working' | 'done' | 'failed';
/** An inbound record received `age` before NOW, settled (done/failed) a minute after it was received. */
async function record(status: Status, age: number, provider: 'slack' | 'teams' = 'slack'): Promise<string> {
  const eventId = `Ev-prune-${++n}`;
  const receivedAt = ago(age);
  const finished = status === 'done' || status === 'failed';
  await database.db.insert(chatInboundEvents).values({
    provider,
    eventId,
    kind: 'event',
    payload: { event_id: eventId },
    status,
    attempts: status === 'received' ? 0 : 1,
    receivedAt,
    claimedAt: status === 'received' ? null : receivedAt,
    doneAt: finished ? new Date(receivedAt.getTime() + 60_000) : null,
  });
  return eventId;
}
const ids = async () =>
  (await database.db.select({ id: chatInboundEvents.eventId }).from(chatInboundEvents)).map((r) => r.id).sort();
const caller = (actor: Actor = serviceActor('scheduler'), now = NOW) => ({
  actor,
  correlationId: `test-prune-${++n}`,
  now,
  deps: { database, now: () => now },
});
const pruneAudits = (correlationId?: string) =>
  database.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'chat_events.prune'),
        correlationId ? eq(auditLog.correlationId, correlationId) : undefined,
      ),
    );

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(async () => {
  await database.db.delete(chatInboundEvents);
});
afterAll(async () => {
  if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
  await database?.close();
});

describe(`chat_events_prune on ${backend}`, () => {
  it('deletes finished records older than the retention and keeps waiting, working and recent ones', async () => {
    const oldDone = await record('done', 31 * DAY);
    const oldFailed = await record('failed', 40 * DAY, 'teams');
    const keep = [
      await record('received', 90 * DAY),
      await record('working', 90 * DAY, 'teams'),
      await record('done', 29 * DAY),
      await record('failed', 2 * DAY, 'teams'),
      await record('done', 5 * 60_000),
    ];
    const c = caller();
    const r = await callTool(c, chatEventsPrune, { retentionDays: 30 });
    expect(r.ok ? r.value : r.error).toEqual({
      deleted: 2,
      batches: 1,
      before: ago(30 * DAY).toISOString(),
      more: false,
    });
    expect(await ids()).toEqual([...keep].sort());
    expect(await ids()).not.toContain(oldDone);
    expect(await ids()).not.toContain(oldFailed);
  });

  it('fails an event whose last attempt was cut off, so the sweep stops at it and a later prune removes it', async () => {
    const stuck = await record('working', 90 * DAY, 'teams');
    await database.db.update(chatInboundEvents).set({ attempts: 3 }).where(eq(chatInboundEvents.eventId, stuck));
    const retrying = await record('working', 90 * DAY, 'teams'); // one attempt: the sweep claims it again
    const deps = { database, now: () => NOW };
    const listed = await unhandledInbound(deps as never, 20, 'teams');
    expect(listed.map((r) => r.eventId)).toEqual([retrying]);
    const [row] = await database.db.select().from(chatInboundEvents).where(eq(chatInboundEvents.eventId, stuck));
    expect(row).toMatchObject({ status: 'failed', doneAt: NOW });
    expect(row!.error).toContain('3 attempts');
    // Finished now: gone once the retention has passed since it was marked.
    const later = new Date(NOW.getTime() + 31 * DAY);
    const r = await callTool(caller(serviceActor('scheduler'), later), chatEventsPrune, { retentionDays: 30 });
    expect(r.ok).toBe(true);
    expect(await ids()).not.toContain(stuck);
  });

  it('writes one audit row per run with the count, as the scheduler, whatever it deleted', async () => {
    for (let i = 0; i < 7; i++) await record(i % 2 ? 'failed' : 'done', 60 * DAY);
    const c = caller();
    const first = await callTool(c, chatEventsPrune, { retentionDays: 30, batchSize: 3 });
    expect(first.ok && first.value.deleted).toBe(7);
    const rows = await pruneAudits(c.correlationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: 'service:scheduler',
      targetType: 'chat_events',
      targetId: 'chat_inbound_events',
      after: { deleted: 7, batches: 3, retentionDays: 30, batchSize: 3, more: false },
    });
    // A run that finds nothing still leaves its row, with 0.
    const again = caller();
    await callTool(again, chatEventsPrune, { retentionDays: 30 });
    expect((await pruneAudits(again.correlationId)).map((a) => (a.after as { deleted: number }).deleted)).toEqual([0]);
  });

  it('deletes in statements of at most the batch size, and stops at the batch limit saying more waits', async () => {
    for (let i = 0; i < 25; i++) await record('done', 60 * DAY);
    // One statement deletes at most its limit.
    expect(await pruneFinishedInboundEvents(database.db, ago(30 * DAY), 10)).toBe(10);
    expect(await ids()).toHaveLength(15);
    const limited = await callTool(caller(), chatEventsPrune, { retentionDays: 30, batchSize: 4, maxBatches: 2 });
    expect(limited.ok ? limited.value : limited.error).toMatchObject({ deleted: 8, batches: 2, more: true });
    expect(await ids()).toHaveLength(7);
    const rest = await callTool(caller(), chatEventsPrune, { retentionDays: 30, batchSize: 4 });
    expect(rest.ok ? rest.value : rest.error).toMatchObject({ deleted: 7, batches: 2, more: false });
    expect(await ids()).toEqual([]);
  });

  it('never forgets an id inside the redelivery window, whatever the retention', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3650 }),
        fc.integer({ min: 0, max: CHAT_DEDUPE_WINDOW_MS - 60_001 }),
        fc.constantFrom<Status>('done', 'failed'),
        async (retentionDays, age, status) => {
          await database.db.delete(chatInboundEvents);
          const id = await record(status, age);
          const r = await callTool(caller(), chatEventsPrune, { retentionDays });
          expect(r.ok && r.value.deleted).toBe(0);
          // The redelivery finds its id: nothing is recorded, nothing runs again.
          expect(
            await recordInbound(
              { database, now: () => NOW },
              { provider: 'slack', eventId: id, kind: 'event', payload: {} },
            ),
          ).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses a retention under a day and a person without the right, deleting nothing', async () => {
    await record('done', 60 * DAY);
    const short = await callTool(caller(), chatEventsPrune, { retentionDays: 0 });
    expect(short.ok ? 'ok' : short.error.code).toBe('VALIDATION_FAILED');
    const controller: Actor = { userId: 'u-controller', roles: ['controller'], entityIds: null, onBehalfOf: null };
    const refused = await callTool(caller(controller), chatEventsPrune, { retentionDays: 30 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
    const chat = await callTool(caller(serviceActor('chat-slack')), chatEventsPrune, { retentionDays: 30 });
    expect(chat.ok ? 'ok' : chat.error.code).toBe('FORBIDDEN');
    expect(await ids()).toHaveLength(1);
    const admin: Actor = { userId: 'u-admin', roles: ['finance_admin'], entityIds: null, onBehalfOf: null };
    const byHand = await callTool(caller(admin), chatEventsPrune, { retentionDays: 30 });
    expect(byHand.ok && byHand.value.deleted).toBe(1);
  });

  it('runs as the scheduled job chat.events.prune with the configured retention', async () => {
    await record('done', 8 * DAY);
    await record('done', 6 * DAY);
    const job = chatEventsPruneJob({ database, now: () => NOW, retentionDays: 7 });
    expect(job).toMatchObject({ queue: CHAT_EVENTS_PRUNE_QUEUE, actAs: 'scheduler', schedulable: true });
    await job.handle(
      {},
      {
        actor: serviceActor('scheduler'),
        jobId: 'job-prune-1',
        attempt: 1,
        log: createLogger('error', () => undefined),
      },
    );
    expect(await ids()).toHaveLength(1);
    expect(
      (await pruneAudits('job:job-prune-1')).map((a) => [a.actorId, (a.after as { deleted: number }).deleted]),
    ).toEqual([['service:scheduler', 1]]);
  });
});

describe(`a Teams message redelivered after a prune, on ${backend}`, () => {
  let stub: TeamsStub;
  beforeAll(async () => {
    stub = await startTeamsStub();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('is answered once inside the window, and its id is forgotten only after the retention', async () => {
    const tools = { database, now: () => new Date() };
    const bot = teamsBot({
      deps: tools,
      verify: botTokenVerifier({ jwksUrl: stub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID }),
      connector: botConnector({ appId: STUB_APP_ID, appPassword: 'stub-secret', tokenUrl: stub.tokenUrl }),
      model: null,
      log: () => undefined,
    });
    const app = createApp({ database, log: () => undefined, teams: bot });
    const activity = {
      type: 'message',
      id: 'act-prune-redelivered',
      serviceUrl: stub.serviceUrl,
      channelId: 'msteams',
      from: { id: '29:aad-nobody', aadObjectId: 'aad-nobody' },
      recipient: { id: `28:${STUB_APP_ID}` },
      conversation: { id: 'a:personal-prune', conversationType: 'personal', tenantId: 'tenant-prune' },
      channelData: { tenant: { id: 'tenant-prune' } },
      text: 'hello',
    };
    const post = async () => {
      const res = await app.request('/teams/messages', {
        method: 'POST',
        headers: { authorization: `Bearer ${await stub.sign()}`, 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(res.status).toBe(200);
      await bot.idle();
    };
    const replies = () => stub.posted.filter((p) => p.conversationId === 'a:personal-prune').length;
    await post();
    expect(replies()).toBe(1);
    const [row] = await database.db
      .select({ status: chatInboundEvents.status, receivedAt: chatInboundEvents.receivedAt })
      .from(chatInboundEvents)
      .where(eq(chatInboundEvents.eventId, activity.id));
    expect(row?.status).toBe('done');
    // Pruned 20 minutes later (inside Slack's and Teams' redelivery window) and a minute before the retention ends.
    for (const later of [20 * 60_000, DAY - 60_000]) {
      const r = await callTool(
        caller(serviceActor('scheduler'), new Date(row!.receivedAt.getTime() + later)),
        chatEventsPrune,
        { retentionDays: 1 },
      );
      expect(r.ok && r.value.deleted).toBe(0);
      await post();
      expect(replies()).toBe(1);
    }
    // Past the retention the record goes (and with it the id: a delivery that late is not a redelivery).
    const gone = await callTool(
      caller(serviceActor('scheduler'), new Date(row!.receivedAt.getTime() + DAY + 120_000)),
      chatEventsPrune,
      { retentionDays: 1 },
    );
    expect(gone.ok && gone.value.deleted).toBe(1);
    expect(await ids()).not.toContain(activity.id);
  });
});
