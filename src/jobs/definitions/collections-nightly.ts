import { callTool } from '../../tools/call-tool.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { collectionsPrioritize } from '../../tools/collections/prioritize-collections.ts';
import { remindersDeliver } from '../../tools/collections/deliver-reminders.ts';
import { collectionsSendReminders } from '../../tools/collections/send-reminders.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { queueChannelText } from '../../tools/chat/chat-notices.ts';
import { defineJob, type JobContext, type JobDefinition } from '../runner/job.ts';

export const COLLECTIONS_NIGHTLY_QUEUE = 'collections.nightly';

export interface CollectionsNightlyData {
  /** The date to run for; a scheduled run (data {}) takes today in the schedule's time zone. */
  asOf?: string;
}

/** Today's date (YYYY-MM-DD) in a time zone. @example dateIn(new Date('2026-12-05T23:30:00Z'), 'Europe/Berlin') // '2026-12-06' */
export const dateIn = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** What one nightly run did: the prioritization's run and whether it was stored already, and the digest for the finance team. */
export interface NightlyOutcome {
  asOf: string;
  runId: string;
  replayed: boolean;
  digest: string;
}

/**
 * The nightly collections run, as service:scheduler through the catalogue: prioritize the date (a
 * date already run is returned unchanged, so a retried or doubled job writes nothing twice), then
 * return the finance team's digest of the stored run (logged; the chat adapters post it, and
 * `collections_summary` reads it any time).
 * Steps after the worklist (reminders) are added to `steps` by the composition root.
 */
export async function runCollectionsNightly(
  deps: ToolDeps,
  data: CollectionsNightlyData,
  ctx: Pick<JobContext, 'actor' | 'jobId' | 'log'>,
  opts: { timeZone: string; steps?: readonly NightlyStep[] },
): Promise<NightlyOutcome> {
  const asOf = data.asOf ?? dateIn(deps.now(), opts.timeZone);
  if (!isIsoDate(asOf)) throw new Error(`collections.nightly: asOf ${asOf} is not a date YYYY-MM-DD`);
  const caller = { actor: ctx.actor, correlationId: `job:${ctx.jobId}`, now: deps.now(), deps };
  const run = await callTool(caller, collectionsPrioritize, { asOf });
  // A refusal here is configuration (the scheduler lost its right): fail the job so job_failures records it.
  if (!run.ok) throw new Error(`collections_prioritize refused: ${run.error.code}: ${run.error.message}`);
  const notes: string[] = [];
  for (const step of opts.steps ?? []) {
    const note = await step(caller, asOf);
    if (note) notes.push(note);
  }
  const digest = [run.value.digest, ...notes].join('\n');
  ctx.log.info('collections worklist ready', {
    asOf,
    runId: run.value.runId,
    replayed: run.value.replayed,
    items: run.value.summary.items,
    digest,
  });
  return { asOf, runId: run.value.runId, replayed: run.value.replayed, digest };
}

/** A step the nightly run takes after the worklist, with the same caller and date (e.g. queueing reminders); a line it returns joins the digest. */
export type NightlyStep = (caller: Parameters<typeof callTool>[0], asOf: string) => Promise<string | void>;

/** The digest's line about delivery. @example deliveryNote({ sent: 2, failed: 0, waiting: 0, exceptions: 0 }, true) // 'Reminders: 2 sent.' */
export function deliveryNote(
  r: { sent: number; failed: number; waiting: number; exceptions: number },
  configured: boolean,
): string {
  if (!configured)
    return `Reminders: none sent, no e-mail delivery (SMTP) is configured; ${r.waiting} wait in the outbox.`;
  const parts = [`${r.sent} sent`];
  if (r.failed) parts.push(`${r.failed} not delivered (${r.exceptions} delivery_failure exception(s) opened)`);
  if (r.waiting) parts.push(`${r.waiting} still queued`);
  return `Reminders: ${parts.join(', ')}.`;
}

/** The dunning steps of the night: queue the reminders policy allows (once per invoice and step), then relay the outbox. */
export const DUNNING_STEPS: readonly NightlyStep[] = [
  async (caller, asOf) => {
    const r = await callTool(caller, collectionsSendReminders, { asOf });
    if (!r.ok) throw new Error(`collections_send_reminders refused: ${r.error.code}: ${r.error.message}`);
  },
  async (caller) => {
    const r = await callTool(caller, remindersDeliver, {});
    if (!r.ok) throw new Error(`reminders_deliver refused: ${r.error.code}: ${r.error.message}`);
    return deliveryNote(r.value, Boolean(caller.deps.reminderDelivery));
  },
];

/** The job: cron from JOB_SCHEDULES ("collections.nightly=30 5 * * *"), or sent with { asOf } to run a date again. */
export function collectionsNightlyJob(
  deps: ToolDeps & {
    timeZone: string;
    steps?: readonly NightlyStep[];
    /** Where the finance digest goes besides the log (the chat outbox, for SLACK_COLLECTIONS_CHANNEL); once per date. */
    onDigest?: (o: NightlyOutcome) => Promise<void>;
  },
): JobDefinition<CollectionsNightlyData> {
  return defineJob<CollectionsNightlyData>({
    queue: COLLECTIONS_NIGHTLY_QUEUE,
    description:
      'Rank the collections worklist of today (as service:scheduler), queue the reminders policy allows, log the finance digest',
    actAs: 'scheduler',
    retry: { limit: 3, delaySeconds: 300, backoff: true },
    expireInSeconds: 30 * 60,
    policy: 'stately',
    schedulable: true,
    objectOf: (d) => ({ type: 'worklist', id: d.asOf ?? 'today' }),
    async handle(data, ctx) {
      const outcome = await runCollectionsNightly(deps, data, ctx, {
        timeZone: deps.timeZone,
        ...(deps.steps ? { steps: deps.steps } : {}),
      });
      await deps.onDigest?.(outcome);
    },
  });
}

/** Queues the night's digest for the configured chat channels, once per date (a retried job queues nothing twice). */
export const digestToChat =
  (deps: ToolDeps) =>
  async (o: NightlyOutcome): Promise<void> => {
    await queueChannelText(deps, `Collections ${o.asOf}\n${o.digest}`, `collections-digest:${o.asOf}`);
  };
