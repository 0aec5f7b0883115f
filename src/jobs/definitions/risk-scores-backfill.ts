import { callTool } from '../../tools/call-tool.ts';
import { riskScoresBackfill } from '../../tools/collections/backfill-dispute-scores.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { defineJob, type JobDefinition } from '../runner/job.ts';

export const RISK_SCORES_BACKFILL_QUEUE = 'risk.scores_backfill';
/**
 * When the backfill runs unless JOB_SCHEDULES names it with another cron: daily at 02:41 in
 * JOB_SCHEDULE_TZ, before a nightly prioritization scheduled in the early morning.
 */
export const RISK_SCORES_BACKFILL_CRON = '41 2 * * *';

/**
 * The newest risk model's dispute scores for the open invoices that have none under it, as
 * service:scheduler through the catalogue (risk_scores_backfill), so the first night after a model
 * trained outside the CLI (which backfills at once) does not compute a million scores itself. On a day
 * nothing was trained it costs one indexed count; one audit row per run.
 */
export function riskScoresBackfillJob(deps: ToolDeps): JobDefinition<object> {
  return defineJob<object>({
    queue: RISK_SCORES_BACKFILL_QUEUE,
    description: "Store the newest risk model's dispute scores of the open invoices that have none, ahead of the night",
    actAs: 'scheduler',
    retry: { limit: 2, delaySeconds: 300, backoff: true },
    expireInSeconds: 30 * 60,
    policy: 'stately',
    schedulable: true,
    objectOf: () => ({ type: 'risk_model', id: 'newest' }),
    async handle(_data, ctx) {
      const caller = { actor: ctx.actor, correlationId: `job:${ctx.jobId}`, now: deps.now(), deps, via: 'job' };
      const r = await callTool(caller, riskScoresBackfill, {});
      if (!r.ok) throw new Error(`risk_scores_backfill refused: ${r.error.code}: ${r.error.message}`);
      ctx.log.info('dispute scores backfilled', { ...r.value });
    },
  });
}

/**
 * The configured schedules with the backfill's default added: JOB_SCHEDULES naming
 * risk.scores_backfill sets its cron; otherwise it runs at RISK_SCORES_BACKFILL_CRON.
 * @example withRiskBackfillSchedule([]) // [{ job: 'risk.scores_backfill', cron: '41 2 * * *' }]
 */
export const withRiskBackfillSchedule = (
  configured: readonly { job: string; cron: string }[],
): { job: string; cron: string }[] =>
  configured.some((s) => s.job === RISK_SCORES_BACKFILL_QUEUE)
    ? [...configured]
    : [...configured, { job: RISK_SCORES_BACKFILL_QUEUE, cron: RISK_SCORES_BACKFILL_CRON }];
