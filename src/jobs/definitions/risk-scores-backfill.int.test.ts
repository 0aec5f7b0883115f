import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { loadConfig } from '../../config.ts';
import { type Database, queryRows } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import { callTool } from '../../tools/call-tool.ts';
import { riskModelsTrain } from '../../tools/collections/train-risk-models.ts';
import {
  RISK_SCORES_BACKFILL_CRON,
  RISK_SCORES_BACKFILL_QUEUE,
  riskScoresBackfillJob,
  withRiskBackfillSchedule,
} from './risk-scores-backfill.ts';

describe(`the risk-score backfill job on ${backend}`, () => {
  let database: Database;
  const now = new Date('2026-03-31T02:41:00Z');
  const log = createLogger('error');
  const ctx = (jobId: string) => ({ actor: serviceActor('scheduler'), jobId, attempt: 1, log });
  const scores = async () =>
    (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM invoice_dispute_scores`))[0]!.n;
  const backfillAudits = () =>
    database.db
      .select({ actorId: auditLog.actorId, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'risk_models.backfill_scores')))
      .orderBy(auditLog.seq);

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
  afterAll(async () => database?.close());

  it("stores nothing before the first model, then the new model's scores once, as service:scheduler", async () => {
    const job = riskScoresBackfillJob({ database, now: () => now });
    await job.handle({}, ctx('job-1'));
    expect(await scores()).toBe(0);
    // Nothing stored, nothing audited.
    expect(await backfillAudits()).toEqual([]);

    // A controller trains through the API or the agent (not the CLI, which backfills at once): the job catches up.
    const controller = { userId: 'u-ctl', roles: ['controller' as const], entityIds: null, onBehalfOf: null };
    const trained = await callTool(
      { actor: controller, correlationId: 't', now, deps: { database, now: () => now } },
      riskModelsTrain,
      { asOf: '2026-03-31' },
    );
    expect(trained.ok).toBe(true);
    await job.handle({}, ctx('job-2'));
    expect(await scores()).toBe(3);
    await job.handle({}, ctx('job-3'));
    expect(await scores()).toBe(3);
    // One audit row, of the run that stored: the third found every invoice scored and wrote nothing.
    expect(await backfillAudits()).toEqual([
      {
        actorId: 'service:scheduler',
        after: { modelVersion: 1, asOf: '2026-03-31', open: 3, alreadyStored: 0, stored: 3, skipped: false },
      },
    ]);
  });

  it('runs daily unless JOB_SCHEDULES names it, keeping what it names', () => {
    expect(withRiskBackfillSchedule(loadConfig({}).JOB_SCHEDULES)).toEqual([
      { job: RISK_SCORES_BACKFILL_QUEUE, cron: RISK_SCORES_BACKFILL_CRON },
    ]);
    const named = loadConfig({ JOB_SCHEDULES: 'risk.scores_backfill=0 1 * * *' }).JOB_SCHEDULES;
    expect(withRiskBackfillSchedule(named)).toEqual([{ job: 'risk.scores_backfill', cron: '0 1 * * *' }]);
  });
});
