import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { passGate, precheck, type GateError } from '../../db/usecases/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../../db/usecases/context.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';

/** One reminder to hand over: an e-mail to the client, or a task for the collector. */
export interface OutboundReminder {
  id: string;
  channel: 'email' | 'task';
  to: string | null;
  subject: string;
  body: string;
}

/**
 * Where reminders go out (SMTP, a mail API, the task list). A refusal or bounce is `{ ok: false }`:
 * the row is marked failed with the error and is not sent; the next relay tries it again, up to
 * MAX_ATTEMPTS tries.
 */
export interface ReminderDelivery {
  deliver(m: OutboundReminder): Promise<{ ok: true } | { ok: false; error: string }>;
}

export const MAX_ATTEMPTS = 3;
const BATCH = 200;

export interface DeliverResult {
  sent: number;
  failed: number;
  /** Still queued: no delivery adapter is configured, or more than one batch waited. */
  waiting: number;
}

/**
 * Relays the reminder outbox: each queued (or failed, under MAX_ATTEMPTS tries) row is claimed by
 * bumping its attempts where they are still what was read, so two relays never hand the same row
 * over twice, then delivered; sent or failed is stored per row, and one audit row counts the run.
 */
export const remindersDeliver = defineTool({
  name: 'reminders_deliver',
  description:
    'Hands queued reminders to the configured delivery (e-mail, collector tasks): each is marked sent, or failed with the error ' +
    '(retried up to three tries). Without a delivery configured nothing leaves and the reminders wait. Controllers, finance admins, the scheduler.',
  input: z.strictObject({}).describe('Nothing: the outbox decides what goes'),
  output: z.object({ sent: z.number().int(), failed: z.number().int(), waiting: z.number().int() }),
  risk: 'write',
  policyAction: 'collections.send_reminders',
  transaction: 'own',
  handler: async (ctx): Promise<Result<DeliverResult, GateError>> => {
    const today = ctx.now.toISOString().slice(0, 10);
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
      channel: 'email' | 'task';
      recipient: string | null;
      subject: string;
      body: string;
      attempts: number;
    }>(
      ctx.db,
      sql`
      SELECT id, channel, recipient, subject, body, attempts FROM reminder_outbox
      WHERE status = 'queued' OR (status = 'failed' AND attempts < ${MAX_ATTEMPTS}) ORDER BY created_at, id LIMIT ${BATCH}`,
    );
    const out: DeliverResult = { sent: 0, failed: 0, waiting: 0 };
    if (delivery) {
      for (const r of due) {
        const claimed = await queryRows<{ id: string }>(
          ctx.db,
          sql`
          UPDATE reminder_outbox SET attempts = attempts + 1 WHERE id = ${r.id} AND attempts = ${r.attempts} AND status <> 'sent' RETURNING id`,
        );
        if (!claimed.length) continue;
        const res =
          r.recipient === null
            ? {
                ok: false as const,
                error:
                  r.channel === 'email' ? 'the client has no billing contact e-mail' : 'the client has no collector',
              }
            : await delivery.deliver({
                id: r.id,
                channel: r.channel,
                to: r.recipient,
                subject: r.subject,
                body: r.body,
              });
        if (res.ok) {
          await queryRows(
            ctx.db,
            sql`UPDATE reminder_outbox SET status = 'sent', sent_at = ${ctx.now.toISOString()}::timestamptz, last_error = NULL WHERE id = ${r.id}`,
          );
          out.sent++;
        } else {
          await queryRows(
            ctx.db,
            sql`UPDATE reminder_outbox SET status = 'failed', last_error = ${res.error.slice(0, 1000)} WHERE id = ${r.id}`,
          );
          out.failed++;
        }
      }
    }
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
          after: { ...out, delivery: delivery ? 'configured' : 'none' },
          decision: gate.ok ? gate.value.decision : null,
        }),
      );
    });
    return ok(out);
  },
});
