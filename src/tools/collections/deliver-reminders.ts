import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { raiseDeliveryFailure } from '../../db/stores/delivery-failure-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';

/** One reminder to hand over: an e-mail to the client, or a task for the collector. */
export interface OutboundReminder {
  id: string;
  channel: 'email' | 'task';
  to: string;
  subject: string;
  body: string;
  /** The Message-ID the e-mail goes out with (stored first, so a bounce finds its reminder). */
  messageId: string;
  /** The invoice's number, for a header a bounce quotes back. */
  invoiceNumber: string;
}

/**
 * Why a delivery did not happen: refused (the server answered 5xx: never retried), unreachable
 * (no connection, bad credentials: retried with backoff, and the rest of the batch waits), transient
 * (4xx, a timeout: retried with backoff). Absent means transient.
 */
export type DeliveryFailureKind = 'refused' | 'unreachable' | 'transient';

/**
 * Where reminders go out (SMTP, a mail API, the task list). A refusal becomes a delivery_failure
 * exception and the row is never marked sent; a transient failure is tried again after a backoff,
 * up to MAX_ATTEMPTS tries (then the exception too).
 */
export interface ReminderDelivery {
  /** The domain of the Message-IDs (the sender's); absent = billing-copilot.local. */
  messageIdDomain?: string;
  deliver(m: OutboundReminder): Promise<{ ok: true } | { ok: false; error: string; kind?: DeliveryFailureKind }>;
}

export const MAX_ATTEMPTS = 3;
/** Wait before try n+1 after n failed tries: 5 min, 20 min, 80 min. */
export const backoffMs = (attempts: number): number => 5 * 60_000 * 4 ** Math.max(0, attempts - 1);
const BATCH = 200;

export interface DeliverResult {
  sent: number;
  /** Tried and not sent: refused, or failed and waiting for a retry. */
  failed: number;
  /** Still queued: no delivery adapter is configured, or more than one batch waited. */
  waiting: number;
  /** Exceptions opened (delivery_failure) by this relay. */
  exceptions: number;
}

/** The Message-ID of an outbox row's e-mail: stable per row, so a bounce of any try names it. */
export const reminderMessageId = (outboxId: string, domain: string): string => `<reminder.${outboxId}@${domain}>`;

/**
 * Relays the reminder outbox: each queued row, or failed row whose backoff has passed (under
 * MAX_ATTEMPTS tries), is claimed by bumping its attempts where they are still what was read, so
 * two relays never hand the same row over twice, then delivered. Sent is stored once; a refusal
 * marks the row refused and opens a delivery_failure exception; a transient failure waits for its
 * backoff. One audit row counts the run.
 */
export const remindersDeliver = defineTool({
  name: 'reminders_deliver',
  description:
    'Hands queued reminders to the configured delivery (SMTP e-mail to the client; collector tasks by e-mail to the collector): each is ' +
    'marked sent once; a refusal or bounce opens a delivery_failure exception and the step stays unsent; temporary errors are retried with ' +
    'backoff (three tries). Without a delivery configured nothing leaves and the reminders wait. Controllers, finance admins, the scheduler.',
  input: z.strictObject({}).describe('Nothing: the outbox decides what goes'),
  output: z.object({
    sent: z.number().int(),
    failed: z.number().int(),
    waiting: z.number().int(),
    exceptions: z.number().int().describe('delivery_failure exceptions opened by this run'),
  }),
  risk: 'write',
  policyAction: 'collections.send_reminders',
  transaction: 'own',
  handler: async (ctx): Promise<Result<DeliverResult, GateError>> => {
    const today = ctx.now.toISOString().slice(0, 10);
    const nowIso = ctx.now.toISOString();
    const action: ActionOf<'collections.send_reminders'> = {
      type: 'collections.send_reminders',
      target: { kind: 'worklist', id: today },
      args: { asOf: today },
    };
    await readMatrixInForce(ctx.db, ctx);
    const denied = precheck(ctx, action, { entityId: null });
    if (!denied.ok) return denied;
    const delivery = ctx.deps.reminderDelivery ?? null;
    const due = await queryRows<{
      id: string;
      invoice_id: string;
      number: string;
      step: string;
      channel: 'email' | 'task';
      recipient: string | null;
      subject: string;
      body: string;
      attempts: number;
      message_id: string | null;
    }>(
      ctx.db,
      sql`
      SELECT o.id, o.invoice_id, i.number, o.step, o.channel, o.recipient, o.subject, o.body, o.attempts, o.message_id
      FROM reminder_outbox o JOIN invoices i ON i.id = o.invoice_id
      WHERE o.status = 'queued'
        OR (o.status = 'failed' AND o.attempts < ${MAX_ATTEMPTS} AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ${nowIso}::timestamptz))
      ORDER BY o.created_at, o.id LIMIT ${BATCH}`,
    );
    const out: DeliverResult = { sent: 0, failed: 0, waiting: 0, exceptions: 0 };
    const exceptionIds: string[] = [];
    const fail = async (
      r: (typeof due)[number],
      error: string,
      kind: DeliveryFailureKind,
      attempts: number,
    ): Promise<void> => {
      const givenUp = kind === 'refused' || attempts >= MAX_ATTEMPTS;
      const next = new Date(ctx.now.getTime() + backoffMs(attempts)).toISOString();
      await ctx.deps.database.db.transaction(async (tx) => {
        await queryRows(
          tx,
          sql`UPDATE reminder_outbox SET status = ${kind === 'refused' ? 'refused' : 'failed'}, last_error = ${error.slice(0, 1000)},
            next_attempt_at = ${givenUp ? null : next}::timestamptz WHERE id = ${r.id} AND status <> 'sent'`,
        );
        // A refusal, a server that cannot be reached, or tries used up: a person hears of it.
        if (kind !== 'transient' || givenUp) {
          const failKind = kind === 'refused' ? 'refused' : kind === 'unreachable' ? 'unreachable' : 'gave_up';
          exceptionIds.push(
            await raiseDeliveryFailure(
              tx,
              { outboxId: r.id, invoiceId: r.invoice_id, step: r.step, channel: r.channel, error, kind: failKind },
              ctx.now,
            ),
          );
        }
      });
      out.failed++;
    };
    if (delivery) {
      const domain = delivery.messageIdDomain ?? 'billing-copilot.local';
      for (const r of due) {
        const messageId = r.message_id ?? reminderMessageId(r.id, domain);
        const claimed = await queryRows<{ attempts: number }>(
          ctx.db,
          sql`
          UPDATE reminder_outbox SET attempts = attempts + 1, message_id = ${messageId}
          WHERE id = ${r.id} AND attempts = ${r.attempts} AND status IN ('queued', 'failed') RETURNING attempts`,
        );
        if (!claimed.length) continue;
        const attempts = claimed[0]!.attempts;
        if (r.recipient === null) {
          const why =
            r.channel === 'email' ? 'the client has no billing contact e-mail' : 'the client has no collector';
          await fail(r, why, 'refused', attempts);
          continue;
        }
        const res = await delivery.deliver({
          id: r.id,
          channel: r.channel,
          to: r.recipient,
          subject: r.subject,
          body: r.body,
          messageId,
          invoiceNumber: r.number,
        });
        if (res.ok) {
          await queryRows(
            ctx.db,
            sql`UPDATE reminder_outbox SET status = 'sent', sent_at = ${nowIso}::timestamptz, last_error = NULL, next_attempt_at = NULL
              WHERE id = ${r.id} AND status <> 'sent'`,
          );
          out.sent++;
          continue;
        }
        const kind = res.kind ?? 'transient';
        await fail(r, res.error, kind, attempts);
        // The server is not there: the rest of the batch stays queued for the next relay instead of failing one by one.
        if (kind === 'unreachable') break;
      }
    }
    out.exceptions = new Set(exceptionIds).size;
    const [w] = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM reminder_outbox WHERE status = 'queued'`,
    );
    out.waiting = Number(w?.n ?? 0);
    await ctx.deps.database.db.transaction(async (tx) => {
      const gate = await passGate(tx, ctx, action, { entityId: null });
      await appendAudit(
        tx,
        auditEntry(ctx, {
          action: action.type,
          targetType: 'reminder_outbox',
          targetId: today,
          before: null,
          after: { ...out, delivery: delivery ? 'configured' : 'none', exceptionIds: [...new Set(exceptionIds)] },
          decision: gate.ok ? gate.value.decision : null,
        }),
      );
    });
    return ok(out);
  },
});
