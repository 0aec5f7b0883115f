import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadConfig } from '../../config.ts';
import { queryRows, type Database } from '../../db/client.ts';
import { agentCheckpoints, agentCheckpointWrites, agentPendingCalls, auditLog } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Actor } from '../../policy/roles.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import { agentCheckpointsPrune } from '../../tools/agent/prune-checkpoints.ts';
import { callTool } from '../../tools/call-tool.ts';
import { createJobRunner } from '../runner/job-runner.ts';
import {
  AGENT_CHECKPOINTS_PRUNE_CRON,
  AGENT_CHECKPOINTS_PRUNE_QUEUE,
  agentCheckpointsPruneJob,
  withCheckpointPruneSchedule,
} from './agent-checkpoints-prune.ts';
import { withDefaultSchedules } from './default-schedules.ts';

const DAY = 24 * 3_600_000;

describe(`the copilot checkpoint retention on ${backend}`, () => {
  let database: Database;
  const now = new Date('2026-12-06T03:53:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const log = createLogger('error');

  /** A thread with checkpoints made on the given days ago (each with one pending write). */
  const thread = async (...daysAgo: number[]) => {
    const threadId = randomUUID();
    for (const [i, d] of daysAgo.entries()) {
      const checkpointId = `1ef-${String(i).padStart(4, '0')}`;
      await database.db.insert(agentCheckpoints).values({
        threadId,
        checkpointNs: '',
        checkpointId,
        parentCheckpointId: null,
        checkpointType: 'json',
        checkpoint: new Uint8Array([1, 2, 3]),
        metadataType: 'json',
        metadata: new Uint8Array([4]),
        createdAt: ago(d),
      });
      await database.db.insert(agentCheckpointWrites).values({
        threadId,
        checkpointNs: '',
        checkpointId,
        taskId: 't',
        idx: 0,
        channel: 'messages',
        taskPath: '',
        valueType: 'json',
        value: new Uint8Array([5]),
      });
    }
    return threadId;
  };
  const waitOn = (threadId: string, status: 'waiting' | 'done') =>
    database.db.insert(agentPendingCalls).values({
      requestId: randomUUID(),
      threadId,
      userId: randomUUID(),
      tool: 'invoices_void',
      args: {},
      idempotencyKey: randomUUID(),
      status,
      createdAt: ago(40),
    });
  const left = async () =>
    (
      await queryRows<{ thread_id: string; checkpoints: number; writes: number }>(
        database.db,
        sql`SELECT c.thread_id, count(*)::int AS checkpoints,
              (SELECT count(*)::int FROM agent_checkpoint_writes w WHERE w.thread_id = c.thread_id) AS writes
            FROM agent_checkpoints c GROUP BY c.thread_id`,
      )
    ).reduce<Record<string, [number, number]>>((m, r) => ({ ...m, [r.thread_id]: [r.checkpoints, r.writes] }), {});

  let n = 0;
  const caller = (actor: Actor = serviceActor('scheduler')) => ({
    actor,
    correlationId: `test-checkpoint-prune-${++n}`,
    now,
    deps: { database, now: () => now },
  });
  const prune = async (input: { retentionDays: number; batchSize?: number }, actor?: Actor) => {
    const c = caller(actor);
    const r = await callTool(c, agentCheckpointsPrune, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return { result: r.value, correlationId: c.correlationId };
  };
  const auditsOf = (correlationId: string) =>
    database.db.select().from(auditLog).where(eq(auditLog.correlationId, correlationId));

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('deletes idle threads in batches until none is left, keeping recent and waited-on ones', async () => {
    const stale = [await thread(45, 40), await thread(31), await thread(90), await thread(60, 50, 35)];
    const recent = await thread(1);
    const partlyRecent = await thread(60, 29);
    const waitedOn = await thread(200);
    await waitOn(waitedOn, 'waiting');
    // A call that already ran keeps nothing alive.
    const ranLongAgo = await thread(100);
    await waitOn(ranLongAgo, 'done');

    const { result: r, correlationId } = await prune({ retentionDays: 30, batchSize: 2 });
    // Five stale threads in batches of two: 2, 2, 1 (the short batch ends it).
    expect(r).toEqual({ deleted: 5, batches: 3, before: ago(30).toISOString() });
    // One audit row for the run, with the count, by the scheduler; the chain stays intact.
    const [audit, ...more] = await auditsOf(correlationId);
    expect(more).toHaveLength(0);
    expect(audit).toMatchObject({ action: 'agent_checkpoints.prune', actorId: 'service:scheduler' });
    expect(audit?.after).toMatchObject({ deleted: 5, batches: 3, retentionDays: 30, batchSize: 2 });
    expect((await verifyAudit(database.db)).ok).toBe(true);
    expect(await left()).toEqual({ [recent]: [1, 1], [partlyRecent]: [2, 2], [waitedOn]: [1, 1] });
    expect(Object.keys(await left())).not.toContain(stale[0]);

    // Nothing left to do: one batch, nothing deleted.
    const { result: again } = await prune({ retentionDays: 30, batchSize: 2 });
    expect(again).toMatchObject({ deleted: 0, batches: 1 });
  });

  it('refuses a person without the right and a retention under a day, deleting nothing', async () => {
    const old = await thread(90);
    const controller: Actor = { userId: 'u-controller', roles: ['controller'], entityIds: null, onBehalfOf: null };
    const refused = await callTool(caller(controller), agentCheckpointsPrune, { retentionDays: 30 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
    const chat = await callTool(caller(serviceActor('chat-slack')), agentCheckpointsPrune, { retentionDays: 30 });
    expect(chat.ok ? 'ok' : chat.error.code).toBe('FORBIDDEN');
    const short = await callTool(caller(), agentCheckpointsPrune, { retentionDays: 0 });
    expect(short.ok ? 'ok' : short.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(await left())).toContain(old);
    const admin: Actor = { userId: 'u-admin', roles: ['finance_admin'], entityIds: null, onBehalfOf: null };
    const { result } = await prune({ retentionDays: 30 }, admin);
    expect(result.deleted).toBe(1);
    expect(Object.keys(await left())).not.toContain(old);
  });

  it('runs as the scheduled job with the configured retention, and keeps 30 days unless told', async () => {
    expect(loadConfig({}).AGENT_CHECKPOINT_RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ AGENT_CHECKPOINT_RETENTION_DAYS: '0' })).toThrow(/AGENT_CHECKPOINT_RETENTION_DAYS/);
    const old = await thread(8);
    const kept = await thread(6);
    const job = agentCheckpointsPruneJob({ database, now: () => now, retentionDays: 7 });
    await job.handle({}, { actor: serviceActor('scheduler'), jobId: 'job-1', attempt: 1, log });
    const threads = Object.keys(await left());
    expect(threads).toContain(kept);
    expect(threads).not.toContain(old);
  });

  it('is scheduled daily by the background thread unless JOB_SCHEDULES names it, and the runner takes it', () => {
    expect(withCheckpointPruneSchedule(loadConfig({}).JOB_SCHEDULES)).toEqual([
      { job: AGENT_CHECKPOINTS_PRUNE_QUEUE, cron: AGENT_CHECKPOINTS_PRUNE_CRON },
    ]);
    expect(withDefaultSchedules([])).toContainEqual({ job: 'agent.checkpoints.prune', cron: '53 3 * * *' });
    const named = loadConfig({ JOB_SCHEDULES: 'agent.checkpoints.prune=0 5 * * 0' }).JOB_SCHEDULES;
    expect(withDefaultSchedules(named).filter((s) => s.job === AGENT_CHECKPOINTS_PRUNE_QUEUE)).toEqual([
      { job: 'agent.checkpoints.prune', cron: '0 5 * * 0' },
    ]);
    // The runner refuses a schedule naming no job, or one that needs data; this one it takes (nothing connects yet).
    const runner = (jobs: ReturnType<typeof agentCheckpointsPruneJob>[]) => () =>
      createJobRunner({
        connection: { databaseUrl: 'postgres://127.0.0.1:1/none' },
        db: database.db,
        log,
        schedules: withCheckpointPruneSchedule([]),
        jobs,
      });
    expect(runner([])).toThrow(/JOB_SCHEDULES names agent.checkpoints.prune, which is no job/);
    expect(runner([agentCheckpointsPruneJob({ database, now: () => now, retentionDays: 30 })])).not.toThrow();
  });
});
