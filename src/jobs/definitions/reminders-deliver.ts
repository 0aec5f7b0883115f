import { callTool } from '../../tools/call-tool.ts';
import { remindersDeliver } from '../../tools/collections/deliver-reminders.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { defineJob, type JobDefinition } from '../runner/job.ts';
import { deliveryNote } from './collections-nightly.ts';

export const REMINDERS_DELIVER_QUEUE = 'reminders.deliver';

/**
 * The reminder outbox relay on its own, as service:scheduler: what JOB_SCHEDULES runs every few
 * minutes ("reminders.deliver=*\/10 * * * *") so a reminder that failed for a moment goes out after
 * its backoff instead of at the next night. Each row is sent at most once (reminders_deliver).
 */
export function remindersDeliverJob(deps: ToolDeps): JobDefinition<object> {
  return defineJob<object>({
    queue: REMINDERS_DELIVER_QUEUE,
    description: 'Relay the reminder outbox over SMTP: send once, retry temporary failures after their backoff',
    actAs: 'scheduler',
    retry: { limit: 2, delaySeconds: 120, backoff: true },
    expireInSeconds: 15 * 60,
    policy: 'stately',
    schedulable: true,
    objectOf: () => ({ type: 'reminder_outbox', id: 'relay' }),
    async handle(_data, ctx) {
      const caller = { actor: ctx.actor, correlationId: `job:${ctx.jobId}`, now: deps.now(), deps };
      const r = await callTool(caller, remindersDeliver, {});
      if (!r.ok) throw new Error(`reminders_deliver refused: ${r.error.code}: ${r.error.message}`);
      ctx.log.info('reminders relayed', { ...r.value, note: deliveryNote(r.value, Boolean(deps.reminderDelivery)) });
    },
  });
}
