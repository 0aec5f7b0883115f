import { z } from 'zod';
import { dateField } from '../../shared/bounded-fields.ts';
import { invoicesDisputeRisk } from '../../tools/invoices/dispute-risk.ts';
import { collectionsSummary } from '../../tools/collections/collections-summary.ts';
import { remindersDeliver } from '../../tools/collections/deliver-reminders.ts';
import { remindersRecordBounce } from '../../tools/collections/record-bounce.ts';
import { remindersList } from '../../tools/collections/list-reminders.ts';
import { collectionsPauseDunning } from '../../tools/collections/pause-dunning.ts';
import { collectionsRecordPromise } from '../../tools/collections/record-promise.ts';
import { collectionsSendReminders } from '../../tools/collections/send-reminders.ts';
import { dunningPolicySet, dunningPolicyShow } from '../../tools/collections/dunning-policy.ts';
import { rolesFor } from '../access.ts';
import { collectionsWorklistList } from '../../tools/collections/collections-worklist.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';

/** The collections worklist, its digest, promises, pauses, reminder sequences and runs, and the pre-send dispute check. */
export function collectionRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, collectionsWorklistList, {
      method: 'get',
      path: '/collections/worklist',
      operationId: 'collectionsWorklist',
      tag: 'Collections',
      summary: 'The ranked collections worklist of a run: next action, priority and reasons per open receivable',
      description:
        "A collector sees the items of clients assigned to them; controllers, finance admins and auditors see all (or one collector's).",
      responseDescription: 'A page of worklist items in rank order, each with its run date and model version',
    }),
    defineRoute({
      method: 'get',
      path: '/collections/runs/:asOf/summary',
      operationId: 'collectionsSummary',
      tag: 'Collections',
      // An adapter: the path takes "latest" where the entry takes no date.
      tool: collectionsSummary,
      roles: collectionsSummary.readers!,
      errors: [404],
      summary:
        "The finance team's digest of a prioritization run (a date, or latest): items and open amounts by next action, per collector, the first ten",
      params: z.object({
        asOf: z.union([dateField(), z.literal('latest')]).describe('The run date YYYY-MM-DD, or latest'),
      }),
      responses: {
        200: { description: 'The digest, with the same in words (text)', schema: collectionsSummary.output },
      },
      handler: async (c, { params }) =>
        sendToolResult(
          c,
          await callToolFor(c, deps, collectionsSummary, params.asOf === 'latest' ? {} : { asOf: params.asOf }),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/collections/promises',
      operationId: 'recordPromiseToPay',
      tool: collectionsRecordPromise,
      tag: 'Collections',
      summary: 'Record a promise to pay an open invoice',
      description:
        'Reminders pause until the promised date; the dunning run marks the promise kept, or broken (the sequence moves on and escalates).',
      roles: rolesFor('collections.record_promise'),
      body: collectionsRecordPromise.input,
      errors: [404, 409, 422],
      idempotency: 'tool',
      responses: { 201: { description: 'Recorded', schema: collectionsRecordPromise.output } },
      handler: async (c, { body }) =>
        sendToolResult(c, await callToolFor(c, deps, collectionsRecordPromise, body), 201),
    }),
    defineRoute({
      method: 'post',
      path: '/collections/pauses',
      operationId: 'pauseDunning',
      tool: collectionsPauseDunning,
      tag: 'Collections',
      summary: 'Pause (or resume) reminders for an invoice or a client',
      roles: rolesFor('collections.pause_dunning'),
      body: collectionsPauseDunning.input,
      errors: [404, 409, 422],
      idempotency: 'tool',
      responses: { 200: { description: 'Paused or resumed', schema: collectionsPauseDunning.output } },
      handler: async (c, { body }) => sendToolResult(c, await callToolFor(c, deps, collectionsPauseDunning, body)),
    }),
    toolRoute(deps, dunningPolicyShow, {
      method: 'get',
      path: '/collections/dunning-policy',
      operationId: 'listDunningPolicies',
      tag: 'Collections',
      summary: 'The reminder sequences: the default and every segment and client sequence, with versions',
      errors: [422],
      responseDescription: 'The sequences',
    }),
    defineRoute({
      method: 'post',
      path: '/collections/dunning-policy',
      operationId: 'setDunningPolicy',
      tool: dunningPolicySet,
      tag: 'Collections',
      summary: "Set a segment's or a client's reminder sequence (validated, versioned, audited)",
      description:
        'Steps with day offsets (strictly rising), tone, channel (email, task, account_manager), template key, the final notice (last) and its late fee rule. ' +
        'fromVersion refuses (409 DUNNING_POLICY_CHANGED) a write over a version you did not read. Controllers and finance admins.',
      roles: rolesFor('collections.set_dunning_policy'),
      body: dunningPolicySet.input,
      errors: [404, 409, 422],
      idempotency: 'tool',
      responses: { 200: { description: 'The sequence stored, with its version', schema: dunningPolicySet.output } },
      handler: async (c, { body }) => sendToolResult(c, await callToolFor(c, deps, dunningPolicySet, body)),
    }),
    toolRoute(deps, remindersList, {
      method: 'get',
      path: '/collections/reminders',
      operationId: 'listReminders',
      tag: 'Collections',
      summary:
        "The reminders queued, newest first, with who wrote each one (template or model) and why a model's draft was refused",
      description:
        "Filter with ?draftedBy=template|model|model:<name>, ?modelRefused=true, ?status, ?client, ?from, ?to. A collector sees their clients' " +
        "reminders; controllers, finance admins and auditors see all, or one collector's with ?collector=EMAIL. The texts are not listed.",
      errors: [422],
      responseDescription: 'A page of reminders',
    }),
    defineRoute({
      method: 'post',
      path: '/collections/reminders/run',
      operationId: 'sendReminders',
      tool: collectionsSendReminders,
      tag: 'Collections',
      summary: 'Queue the reminders the dunning policies call for on a date',
      description:
        'What the nightly job does after the worklist: each invoice and step is queued once, ever; a second run of the date queues nothing.',
      roles: rolesFor('collections.send_reminders'),
      body: collectionsSendReminders.input,
      errors: [409, 422],
      idempotency: 'tool',
      responses: {
        200: {
          description: 'What was queued, skipped (and why) and refused by the check',
          schema: collectionsSendReminders.output,
        },
      },
      handler: async (c, { body }) => sendToolResult(c, await callToolFor(c, deps, collectionsSendReminders, body)),
    }),
    defineRoute({
      method: 'post',
      path: '/collections/reminders/deliver',
      operationId: 'deliverReminders',
      tool: remindersDeliver,
      tag: 'Collections',
      summary: 'Hand queued reminders to the configured delivery',
      roles: rolesFor('collections.send_reminders'),
      body: remindersDeliver.input,
      errors: [409, 422],
      idempotency: 'tool',
      responses: { 200: { description: 'Sent, failed, still waiting', schema: remindersDeliver.output } },
      handler: async (c, { body }) => sendToolResult(c, await callToolFor(c, deps, remindersDeliver, body)),
    }),
    defineRoute({
      method: 'post',
      path: '/collections/reminders/bounces',
      operationId: 'recordReminderBounce',
      tool: remindersRecordBounce,
      tag: 'Collections',
      summary: 'Record a bounce of a reminder e-mail: the step is not sent, a delivery_failure exception opens',
      description:
        "The mail server's delivery status notification as text (forward the bounce here from the sender's mailbox). The reminder is found " +
        'by its Message-ID, its X-Billing-Reminder or X-Billing-Invoice header, or the one reminded invoice number in the text. ' +
        '422 BOUNCE_NOT_RECOGNIZED when the text is no bounce; 404 BOUNCE_UNMATCHED when no reminder matches.',
      roles: rolesFor('collections.send_reminders'),
      body: remindersRecordBounce.input,
      errors: [404, 409, 422],
      idempotency: 'tool',
      responses: { 200: { description: 'The reminder and the exception', schema: remindersRecordBounce.output } },
      handler: async (c, { body }) => sendToolResult(c, await callToolFor(c, deps, remindersRecordBounce, body)),
    }),
    toolRoute(deps, invoicesDisputeRisk, {
      method: 'get',
      path: '/invoices/:ref/dispute-risk',
      pathFields: { ref: 'ref' },
      operationId: 'invoiceDisputeRisk',
      tag: 'Collections',
      errors: [404],
      summary: 'Pre-send check: the chance the client disputes this invoice, flagged for review at 50%, with reasons',
    }),
  ];
}
