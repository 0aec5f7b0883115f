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

export const TEAMS_INBOUND_QUEUE = 'chat.teams.inbound';
export interface TeamsInboundJobData {
  activityId: string;
}

/** How many tries an acknowledged Teams message gets (the inbound record allows three claims). */
export const TEAMS_INBOUND_TRIES = 3;

/**
 * A Teams message acknowledged with 200 (the copilot's turn, or a card submitted as a message), one
 * job per activity id: recorded in chat_inbound_events (provider teams) and queued before the
 * answer, handled by the server process that runs the chat jobs, surviving a restart. The handler
 * is the Teams bot's (passed in); it claims the activity once and keeps the copilot's answer before
 * posting it, so a retry after a failed post answers once. Each failed try is a `teams_activity` in
 * job_failures. Card clicks (invokes) are decided before the answer and are not queued.
 */
export function teamsInboundJob(
  process: (activityId: string, opts: { final: boolean }) => Promise<void>,
): JobDefinition<TeamsInboundJobData> {
  return defineJob<TeamsInboundJobData>({
    queue: TEAMS_INBOUND_QUEUE,
    description: 'Handle one acknowledged Microsoft Teams message',
    actAs: 'chat-teams',
    retry: { limit: TEAMS_INBOUND_TRIES - 1, delaySeconds: 5, backoff: true },
    expireInSeconds: 5 * 60,
    policy: 'stately',
    schedulable: false,
    objectOf: (d) => ({ type: 'teams_activity', id: d.activityId }),
    async handle(data, ctx) {
      await process(data.activityId, { final: ctx.attempt >= TEAMS_INBOUND_TRIES });
    },
  });
}
