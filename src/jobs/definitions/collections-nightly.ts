import { callTool } from '../../tools/call-tool.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { collectionsPrioritize } from '../../tools/collections/prioritize-collections.ts';
import { remindersDeliver } from '../../tools/collections/deliver-reminders.ts';
import { collectionsEmailDigest } from '../../tools/collections/email-digest.ts';
import { collectionsSendReminders, type SendRemindersResult } from '../../tools/collections/send-reminders.ts';
import { invoicesApplyLateFee } from '../../tools/invoices/apply-late-fee.ts';
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

/** What asking for the night's late fees came to. */
export interface LateFeeOutcome {
  /** Requests open for an approver (opened tonight or waiting since an earlier night). */
  awaiting: number;
  /** Fee drafts written tonight: their request had been granted. */
  billed: number;
  /** Not asked, by refusal code (e.g. CONTRACT_HAS_NO_LATE_FEE, APPROVAL_REJECTED, INVOICE_NOT_OVERDUE). */
  notAsked: Record<string, number>;
}

/**
 * Asks for the late fee of each final notice that carries one, as the caller (service:scheduler), through
 * invoices_apply_late_fee: the first night opens the request for an account manager (never approved here);
 * a later night finds the same pending request (nothing opened twice) or, once granted, writes the fee draft.
 */
export async function askLateFees(
  caller: Parameters<typeof callTool>[0],
  due: SendRemindersResult['lateFees'],
): Promise<LateFeeOutcome> {
  const out: LateFeeOutcome = { awaiting: 0, billed: 0, notAsked: {} };
  for (const f of due) {
    const r = await callTool(caller, invoicesApplyLateFee, { invoiceId: f.invoiceId, step: f.step });
    if (r.ok) out.billed += r.value.replayed ? 0 : 1;
    else if (r.error.code === 'APPROVAL_REQUIRED' || r.error.code === 'ARGS_CHANGED') out.awaiting += 1;
    else out.notAsked[r.error.code] = (out.notAsked[r.error.code] ?? 0) + 1;
  }
  return out;
}

/** The digest's line about late fees, or null when none was due. @example lateFeeNote({ awaiting: 1, billed: 0, notAsked: {} }) */
export function lateFeeNote(o: LateFeeOutcome): string | null {
  const parts: string[] = [];
  if (o.awaiting) parts.push(`${o.awaiting} awaiting an account manager's approval`);
  if (o.billed) parts.push(`${o.billed} billed on draft invoices of their own, to submit`);
  for (const [code, n] of Object.entries(o.notAsked)) parts.push(`${n} not billed (${code})`);
  return parts.length ? `Late fees: ${parts.join(', ')}.` : null;
}

/**
 * The dunning steps of the night: queue the reminders policy allows (once per invoice and step), ask for
 * the late fees of final notices that carry one, then relay the outbox.
 */
export const DUNNING_STEPS: readonly NightlyStep[] = [
  async (caller, asOf) => {
    const r = await callTool(caller, collectionsSendReminders, { asOf });
    if (!r.ok) throw new Error(`collections_send_reminders refused: ${r.error.code}: ${r.error.message}`);
    return lateFeeNote(await askLateFees(caller, r.value.lateFees)) ?? undefined;
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
    /**
     * Where the finance digest goes besides the log and the e-mail of `financeDigest` (the chat outbox, for
     * SLACK_COLLECTIONS_CHANNEL); once per date.
     */
    onDigest?: (o: NightlyOutcome) => Promise<void>;
  },
): JobDefinition<CollectionsNightlyData> {
  return defineJob<CollectionsNightlyData>({
    queue: COLLECTIONS_NIGHTLY_QUEUE,
    description:
      'Rank the collections worklist of today (as service:scheduler), queue the reminders policy allows, log and e-mail the finance digest',
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
      await emailDigest(deps, outcome, ctx);
    },
  });
}

/**
 * E-mails the night's digest to FINANCE_DIGEST_TO through collections_email_digest, as the job's
 * identity; nothing when no address is configured. An address the server refused or could not be
 * reached for fails the job (job_failures records it, with the server's answer): the retry, or the
 * date run again, sends only to the addresses still without it.
 */
export async function emailDigest(
  deps: ToolDeps,
  o: NightlyOutcome,
  ctx: Pick<JobContext, 'actor' | 'jobId' | 'log'>,
): Promise<void> {
  if (!deps.financeDigest?.to.length) return;
  const caller = { actor: ctx.actor, correlationId: `job:${ctx.jobId}`, now: deps.now(), deps };
  const r = await callTool(caller, collectionsEmailDigest, { asOf: o.asOf, text: o.digest });
  if (!r.ok) throw new Error(`collections_email_digest refused: ${r.error.code}: ${r.error.message}`);
  const { sent, alreadySent, failed, errors } = r.value;
  ctx.log.info('collections digest e-mailed', { asOf: o.asOf, sent, alreadySent, failed });
  if (failed)
    throw new Error(
      `the collections digest of ${o.asOf} did not reach ${failed} address(es): ` +
        errors.map((e) => `${e.recipient}: ${e.error}`).join('; '),
    );
}

/** Queues the night's digest for the configured chat channels, once per date (a retried job queues nothing twice). */
export const digestToChat =
  (deps: ToolDeps) =>
  async (o: NightlyOutcome): Promise<void> => {
    await queueChannelText(deps, `Collections ${o.asOf}\n${o.digest}`, `collections-digest:${o.asOf}`);
  };
