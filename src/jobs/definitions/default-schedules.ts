import { withCheckpointPruneSchedule } from './agent-checkpoints-prune.ts';
import { withChatPruneSchedule } from './chat-events-prune.ts';
import { withRiskBackfillSchedule } from './risk-scores-backfill.ts';

/**
 * The background thread's schedules: what JOB_SCHEDULES names, and the jobs that run daily unless it
 * names them with another cron (the chat and checkpoint retentions, the risk-score backfill).
 */
export const withDefaultSchedules = (
  configured: readonly { job: string; cron: string }[],
): { job: string; cron: string }[] =>
  withCheckpointPruneSchedule(withRiskBackfillSchedule(withChatPruneSchedule(configured)));
