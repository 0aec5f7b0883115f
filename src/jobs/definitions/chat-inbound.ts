import { defineJob, type JobDefinition } from '../runner/job.ts';

export const SLACK_INBOUND_QUEUE = 'chat.slack.inbound';
export interface SlackInboundJobData {
  eventId: string;
}

/** How many tries an acknowledged Slack event gets (the inbound record allows three claims). */
export const SLACK_INBOUND_TRIES = 3;

/**
 * The work acknowledged to Slack (an event, a /billing command, a button, a modal), one job per
 * event id: recorded and queued before the 200, handled by whichever server process runs the
 * chat workers, surviving a restart. The handler is the Slack adapter's (passed in: jobs never
 * import api); it acts as the linked person, claims the event once, keys its writes by the event
 * id and keeps the copilot's answer, so a retry after a failed post answers once. Retried with
 * backoff; each failed try is recorded in job_failures as a `slack_event`.
 */
export function slackInboundJob(
  process: (eventId: string, opts: { final: boolean }) => Promise<void>,
): JobDefinition<SlackInboundJobData> {
  return defineJob<SlackInboundJobData>({
    queue: SLACK_INBOUND_QUEUE,
    description: 'Handle one acknowledged Slack event, command, button press or modal submission',
    actAs: 'chat-slack',
    retry: { limit: SLACK_INBOUND_TRIES - 1, delaySeconds: 5, backoff: true },
    // A try cut off by a crash is taken up after this; the inbound record's claim goes stale at the same age.
    expireInSeconds: 5 * 60,
    policy: 'stately',
    schedulable: false,
    objectOf: (d) => ({ type: 'slack_event', id: d.eventId }),
    async handle(data, ctx) {
      await process(data.eventId, { final: ctx.attempt >= SLACK_INBOUND_TRIES });
    },
  });
}
