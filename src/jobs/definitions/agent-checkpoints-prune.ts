import { agentCheckpointsPrune } from '../../tools/agent/prune-checkpoints.ts';
import { callTool } from '../../tools/call-tool.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { defineJob, type JobDefinition } from '../runner/job.ts';

export const AGENT_CHECKPOINTS_PRUNE_QUEUE = 'agent.checkpoints.prune';
/** When the prune runs unless JOB_SCHEDULES names it with another cron: daily at 03:53 in JOB_SCHEDULE_TZ. */
export const AGENT_CHECKPOINTS_PRUNE_CRON = '53 3 * * *';

/**
 * The retention of the copilot's checkpoints: threads whose newest checkpoint is more than
 * AGENT_CHECKPOINT_RETENTION_DAYS old are deleted in batches until none is left, never one a call still
 * waits on (agent_pending_calls), as service:scheduler through the catalogue (agent_checkpoints_prune, one
 * audit row per run). Runs daily by default: without it, paused runs nobody takes up stay.
 */
export function agentCheckpointsPruneJob(deps: ToolDeps & { retentionDays: number }): JobDefinition<object> {
  return defineJob<object>({
    queue: AGENT_CHECKPOINTS_PRUNE_QUEUE,
    description: "Delete the copilot's checkpoints older than AGENT_CHECKPOINT_RETENTION_DAYS that no call waits on",
    actAs: 'scheduler',
    retry: { limit: 2, delaySeconds: 300, backoff: true },
    expireInSeconds: 15 * 60,
    policy: 'stately',
    schedulable: true,
    objectOf: () => ({ type: 'agent_checkpoints', id: 'agent_checkpoints' }),
    async handle(_data, ctx) {
      const caller = { actor: ctx.actor, correlationId: `job:${ctx.jobId}`, now: deps.now(), deps, via: 'job' };
      const r = await callTool(caller, agentCheckpointsPrune, { retentionDays: deps.retentionDays });
      if (!r.ok) throw new Error(`agent_checkpoints_prune refused: ${r.error.code}: ${r.error.message}`);
      ctx.log.info('agent checkpoints pruned', { ...r.value, retentionDays: deps.retentionDays });
    },
  });
}

/**
 * The configured schedules with the prune's default added: JOB_SCHEDULES naming agent.checkpoints.prune
 * sets its cron; otherwise it runs at AGENT_CHECKPOINTS_PRUNE_CRON.
 * @example withCheckpointPruneSchedule([]) // [{ job: 'agent.checkpoints.prune', cron: '53 3 * * *' }]
 */
export const withCheckpointPruneSchedule = (
  configured: readonly { job: string; cron: string }[],
): { job: string; cron: string }[] =>
  configured.some((s) => s.job === AGENT_CHECKPOINTS_PRUNE_QUEUE)
    ? [...configured]
    : [...configured, { job: AGENT_CHECKPOINTS_PRUNE_QUEUE, cron: AGENT_CHECKPOINTS_PRUNE_CRON }];
