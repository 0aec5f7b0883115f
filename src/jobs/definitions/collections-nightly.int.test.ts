import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import type { Database } from '../../db/client.ts';
import { auditLog, worklistItems, worklistRuns } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import { callTool } from '../../tools/call-tool.ts';
import { riskModelsTrain } from '../../tools/collections/train-risk-models.ts';
import { createJobRunner } from '../runner/job-runner.ts';
import { COLLECTIONS_NIGHTLY_QUEUE, collectionsNightlyJob, dateIn } from './collections-nightly.ts';

describe(`the nightly collections job on ${backend}`, () => {
  let database: Database;
  const now = new Date('2026-03-31T04:30:00Z');
  const log = createLogger('error');
  const ctx = (jobId: string) => ({ actor: serviceActor('scheduler'), jobId, attempt: 1, log });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    for (const [issue, total] of [
      ['2026-01-02', 500_000n],
      ['2026-02-10', 120_000n],
      ['2026-03-20', 80_000n],
    ] as const) {
      await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: issue, totalMinor: total });
    }
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('runs the date as service:scheduler once: the same night again writes nothing, one audit row per run', async () => {
    const job = collectionsNightlyJob({ database, now: () => now, timeZone: 'Europe/Berlin' });
    await job.handle({}, ctx('job-1'));
    await job.handle({}, ctx('job-2'));
    const runs = await database.db.select().from(worklistRuns);
    expect(runs.map((r) => [r.asOf, r.createdBy])).toEqual([['2026-03-31', 'service:scheduler']]);
    const items = await database.db.select().from(worklistItems).where(eq(worklistItems.runId, runs[0]!.id));
    expect(items).toHaveLength(3);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'collections.prioritize'));
    expect(audit.map((a) => [a.actorId, a.correlationId])).toEqual([['service:scheduler', 'job:job-1']]);
  });

  it('runs a date sent with the job, and returns the finance digest of the stored run', async () => {
    const { runCollectionsNightly } = await import('./collections-nightly.ts');
    const out = await runCollectionsNightly({ database, now: () => now }, { asOf: '2026-03-15' }, ctx('job-3'), {
      timeZone: 'UTC',
    });
    expect(out).toMatchObject({ asOf: '2026-03-15', replayed: false });
    expect(out.digest).toMatch(/^Collections worklist of 2026-03-15: 2 open receivables, 2 without a collector\./);
    const again = await runCollectionsNightly({ database, now: () => now }, { asOf: '2026-03-15' }, ctx('job-4'), {
      timeZone: 'UTC',
    });
    expect(again).toEqual({ ...out, replayed: true });
  });

  it('may rank the worklist but never train models, approve or decide as the scheduler', async () => {
    const caller = {
      actor: serviceActor('scheduler'),
      correlationId: 'job:x',
      now,
      deps: { database, now: () => now },
    };
    const trained = await callTool(caller, riskModelsTrain, { asOf: '2026-03-31' });
    expect(trained.ok ? 'ok' : trained.error).toMatchObject({ code: 'FORBIDDEN', policyCode: 'ROLE_NOT_PERMITTED' });
    expect(
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, 'service:scheduler'), eq(auditLog.action, 'risk_models.train'))),
    ).toEqual([]);
  });

  it('takes its date in the schedule time zone and accepts a JOB_SCHEDULES entry naming it', () => {
    expect(dateIn(new Date('2026-12-05T23:30:00Z'), 'Europe/Berlin')).toBe('2026-12-06');
    expect(dateIn(new Date('2026-12-05T23:30:00Z'), 'UTC')).toBe('2026-12-05');
    const job = collectionsNightlyJob({ database, now: () => now, timeZone: 'UTC' });
    expect(() =>
      createJobRunner({
        connection: { databaseUrl: 'postgres://unused' },
        db: database.db,
        log,
        jobs: [job as never],
        schedules: [{ job: COLLECTIONS_NIGHTLY_QUEUE, cron: '30 5 * * *' }],
      }),
    ).not.toThrow();
  });
});
