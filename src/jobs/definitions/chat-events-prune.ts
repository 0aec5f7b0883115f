import { callTool } from '../../tools/call-tool.ts';
import { chatEventsPrune } from '../../tools/chat/prune-chat-events.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { defineJob, type JobDefinition } from '../runner/job.ts';

export const CHAT_EVENTS_PRUNE_QUEUE = 'chat.events.prune';
/** When the prune runs unless JOB_SCHEDULES names it with another cron: daily at 03:17 in JOB_SCHEDULE_TZ. */
export const CHAT_EVENTS_PRUNE_CRON = '17 3 * * *';

/**
 * The retention of the chat adapters' inbound records, as service:scheduler through the catalogue
 * (chat_events_prune): records of Slack and Teams messages handled or failed for good more than
 * CHAT_EVENTS_RETENTION_DAYS ago are deleted in batches of 1,000, one audit row per run. Runs daily
 * by default: without it chat_inbound_events only grows.
 */
export function chatEventsPruneJob(deps: ToolDeps & { retentionDays: number }): JobDefinition<object> {
  return defineJob<object>({
    queue: CHAT_EVENTS_PRUNE_QUEUE,
    description: 'Delete the records of chat messages handled more than CHAT_EVENTS_RETENTION_DAYS ago, in batches',
    actAs: 'scheduler',
    retry: { limit: 2, delaySeconds: 300, backoff: true },
    expireInSeconds: 15 * 60,
    policy: 'stately',
    schedulable: true,
    objectOf: () => ({ type: 'chat_events', id: 'chat_inbound_events' }),
    async handle(_data, ctx) {
      const caller = { actor: ctx.actor, correlationId: `job:${ctx.jobId}`, now: deps.now(), deps, via: 'job' };
      const r = await callTool(caller, chatEventsPrune, { retentionDays: deps.retentionDays });
      if (!r.ok) throw new Error(`chat_events_prune refused: ${r.error.code}: ${r.error.message}`);
      ctx.log.info('chat events pruned', { ...r.value, retentionDays: deps.retentionDays });
    },
  });
}

/**
 * The configured schedules with the prune's default added: JOB_SCHEDULES naming chat.events.prune
 * sets its cron; otherwise it runs at CHAT_EVENTS_PRUNE_CRON.
 * @example withChatPruneSchedule([]) // [{ job: 'chat.events.prune', cron: '17 3 * * *' }]
 */
export const withChatPruneSchedule = (
  configured: readonly { job: string; cron: string }[],
): { job: string; cron: string }[] =>
  configured.some((s) => s.job === CHAT_EVENTS_PRUNE_QUEUE)
    ? [...configured]
    : [...configured, { job: CHAT_EVENTS_PRUNE_QUEUE, cron: CHAT_EVENTS_PRUNE_CRON }];
