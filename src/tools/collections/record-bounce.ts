import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { raiseDeliveryFailure } from '../../db/stores/delivery-failure-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { TEXT_MAX } from '../../shared/bounds.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type DomainError } from '../define-tool.ts';

/** A mail server's delivery status notification, by its fixed forms (RFC 3464 and the common bounce subjects). */
const DSN =
  /^\s*(?:Subject:\s*)?(?:Delivery Status Notification \((?:Failure|Delay)\)|Undeliverable:|Undelivered Mail Returned to Sender|Mail delivery failed|Returned mail:|Unzustellbar:?|Message not delivered)|^Final-Recipient:|^Action:\s*(?:failed|delayed)|^Status:\s*[45]\.\d{1,3}\.\d{1,3}/im;
const STATUS = /^Status:\s*([45]\.\d{1,3}\.\d{1,3})|\b([45]\.\d{1,3}\.\d{1,3})\b/im;
const DELAYED = /^Action:\s*delayed|Delivery Status Notification \(Delay\)/im;
const REMINDER_ID = /<reminder\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@[^>\s]+>/i;
const REMINDER_HEADER = /^X-Billing-Reminder:\s*([0-9a-f-]{36})\s*$/im;
const INVOICE_HEADER = /^X-Billing-Invoice:\s*(\S+)\s*$/im;
const DIAGNOSTIC = /^Diagnostic-Code:\s*(?:smtp;\s*)?(.+)$/im;

export interface BounceResult {
  outcome: 'recorded' | 'delayed';
  invoice: string;
  step: string;
  /** How the reminder was found: its Message-ID, its X-Billing headers, or the invoice number in the text. */
  matchedBy: 'message_id' | 'header' | 'invoice_number';
  smtpStatus: string | null;
  exceptionId: string | null;
}

type BounceError = GateError | (DomainError & { code: 'BOUNCE_NOT_RECOGNIZED' | 'BOUNCE_UNMATCHED' });

/** The reminder a bounce is about, and how it was found. */
async function findReminder(db: Parameters<typeof queryRows>[0], text: string) {
  type Row = { id: string; invoice_id: string; number: string; step: string; channel: string; status: string };
  const pick = `SELECT o.id, o.invoice_id, i.number, o.step, o.channel, o.status FROM reminder_outbox o JOIN invoices i ON i.id = o.invoice_id`;
  const byId = REMINDER_ID.exec(text)?.[1] ?? null;
  if (byId) {
    const [r] = await queryRows<Row>(db, sql`${sql.raw(pick)} WHERE o.id = ${byId}::uuid`);
    if (r) return { row: r, matchedBy: 'message_id' as const };
  }
  const header = REMINDER_HEADER.exec(text)?.[1] ?? null;
  if (header && /^[0-9a-f-]{36}$/i.test(header)) {
    const [r] = await queryRows<Row>(db, sql`${sql.raw(pick)} WHERE o.id = ${header}::uuid`);
    if (r) return { row: r, matchedBy: 'header' as const };
  }
  // Else the invoice number: the header, or a number of an invoice with an e-mail reminder that appears in the text.
  const named = INVOICE_HEADER.exec(text)?.[1] ?? null;
  const tokens = [...new Set((named ? [named] : []).concat(text.match(/[A-Z][A-Z0-9]*-[A-Z0-9-]*\d/g) ?? []))].slice(
    0,
    50,
  );
  if (!tokens.length) return null;
  const rows = await queryRows<Row>(
    db,
    sql`${sql.raw(pick)} WHERE o.channel = 'email' AND i.number IN (${sql.join(
      tokens.map((t) => sql`${t}`),
      sql`, `,
    )}) ORDER BY o.created_at DESC, o.id`,
  );
  // One invoice only: a text naming several reminded invoices is not a bounce of one of them.
  if (new Set(rows.map((r) => r.invoice_id)).size !== 1) return null;
  return { row: rows[0]!, matchedBy: 'invoice_number' as const };
}

/**
 * Records an inbound bounce (a delivery status notification) of a reminder: the reminder is found by
 * its Message-ID, its X-Billing headers, or the one reminded invoice number in the text; a permanent
 * failure marks the outbox row refused (never sent) and opens the same delivery_failure exception a
 * refusal at sending opens, once per reminder; a delay notice changes nothing. One audit row.
 */
export const remindersRecordBounce = defineTool({
  name: 'reminders_record_bounce',
  description:
    "Records a bounce (the mail server's delivery status notification) of a reminder e-mail: the reminder is found by its Message-ID or " +
    'invoice number; a permanent failure marks the step not sent and opens a delivery_failure exception for the invoice; a delay changes nothing.',
  input: z.object({
    text: z
      .string()
      .min(1)
      .max(TEXT_MAX.message, `at most ${TEXT_MAX.message} characters`)
      .describe('The bounce as received: headers and body, as text (the returned headers name the reminder)'),
  }),
  output: z.object({
    outcome: z.enum(['recorded', 'delayed']),
    invoice: z.string(),
    step: z.string(),
    matchedBy: z.enum(['message_id', 'header', 'invoice_number']),
    smtpStatus: z.string().nullable(),
    exceptionId: z.string().nullable(),
  }),
  risk: 'write',
  policyAction: 'collections.send_reminders',
  handler: async (ctx, input): Promise<Result<BounceResult, BounceError>> => {
    const today = ctx.now.toISOString().slice(0, 10);
    const action: ActionOf<'collections.send_reminders'> = {
      type: 'collections.send_reminders',
      target: { kind: 'worklist', id: today },
      args: { asOf: today },
    };
    await readMatrixInForce(ctx.db, ctx);
    const denied = precheck(ctx, action, { entityId: null });
    if (!denied.ok) return denied;
    if (!DSN.test(input.text))
      return err({
        code: 'BOUNCE_NOT_RECOGNIZED',
        message:
          "the text is not a mail server's delivery status notification (no bounce subject, Action or Status field)",
      });
    const found = await findReminder(ctx.db, input.text);
    if (!found)
      return err({
        code: 'BOUNCE_UNMATCHED',
        message:
          'no reminder matches this bounce: neither a reminder Message-ID, X-Billing-Reminder header nor one reminded invoice number is in it',
      });
    const m = STATUS.exec(input.text);
    const smtpStatus = m ? (m[1] ?? m[2] ?? null) : null;
    const delayed = DELAYED.test(input.text) || smtpStatus?.startsWith('4') === true;
    const { row, matchedBy } = found;
    const base = { invoice: row.number, step: row.step, matchedBy, smtpStatus };
    if (delayed) return ok({ ...base, outcome: 'delayed' as const, exceptionId: null });
    const gate = await passGate(ctx.db, ctx, action, { entityId: null });
    if (!gate.ok) return gate;
    const diagnostic = DIAGNOSTIC.exec(input.text)?.[1]?.trim() ?? null;
    const error = `bounced${smtpStatus ? ` (${smtpStatus})` : ''}${diagnostic ? `: ${diagnostic}` : ''}`.slice(0, 1000);
    await queryRows(
      ctx.db,
      sql`UPDATE reminder_outbox SET status = 'refused', last_error = ${error}, next_attempt_at = NULL WHERE id = ${row.id}::uuid`,
    );
    const exceptionId = await raiseDeliveryFailure(
      ctx.db,
      {
        outboxId: row.id,
        invoiceId: row.invoice_id,
        step: row.step,
        channel: row.channel,
        error,
        kind: 'bounced',
        smtpStatus,
      },
      ctx.now,
    );
    await appendAudit(
      ctx.db,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'reminder_outbox',
        targetId: row.id,
        before: { status: row.status },
        after: { status: 'refused', bounce: { smtpStatus, matchedBy }, exceptionId },
        decision: gate.value.decision,
      }),
    );
    return ok({ ...base, outcome: 'recorded' as const, exceptionId });
  },
});
