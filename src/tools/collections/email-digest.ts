import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/client.ts';
import { financeDigestOutbox } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { dateField } from '../../shared/bounded-fields.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type ToolContext } from '../define-tool.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import type { DeliveryFailureKind } from './deliver-reminders.ts';

/** One digest e-mail to one address of the finance team. */
export interface DigestMail {
  to: string;
  subject: string;
  text: string;
  /** The same text in a <pre>, for mail clients that show HTML only. */
  html: string;
  messageId: string;
}

/** Where the digest goes out (SMTP): the answer of the server for one e-mail, classified as for reminders. */
export interface DigestMailer {
  /** The domain of the Message-IDs (the sender's); absent = billing-copilot.local. */
  messageIdDomain?: string;
  send(m: DigestMail): Promise<{ ok: true } | { ok: false; error: string; kind?: DeliveryFailureKind }>;
}

/** The finance team's e-mail of the nightly digest: FINANCE_DIGEST_TO and the mailer over SMTP. */
export interface FinanceDigestDelivery {
  to: readonly string[];
  mailer: DigestMailer;
}

/** The most text one digest e-mail carries (the digest is a few dozen lines). */
export const DIGEST_TEXT_MAX = 20_000;

/** The subject of a date's digest. @example digestSubject('2026-03-31') // 'Collections digest 2026-03-31' */
export const digestSubject = (asOf: string): string => `Collections digest ${asOf}`;

/** The plain-text body: the digest as the log and the chat post show it, and one line saying what sent it. */
export const digestBody = (asOf: string, digest: string): string =>
  `${digest}\n\n-- \nBilling Copilot, nightly collections run of ${asOf} (FINANCE_DIGEST_TO).\n`;

/** The HTML version: the plain text escaped in a <pre>, nothing else (no links, no images, no tracking). */
export const digestHtml = (body: string): string =>
  `<!doctype html><html><body><pre style="font-family:monospace;white-space:pre-wrap">${body
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')}</pre></body></html>`;

/** The Message-ID of a digest row: stable per row, so every try of it goes out under one id. */
export const digestMessageId = (asOf: string, rowId: string, domain: string): string =>
  `<digest.${asOf}.${rowId}@${domain}>`;

export interface EmailDigestResult {
  asOf: string;
  /** False when FINANCE_DIGEST_TO (or SMTP) is not configured: nothing was written or sent. */
  configured: boolean;
  sent: number;
  /** Addresses that had the digest of the date already: not sent again. */
  alreadySent: number;
  /** Addresses still without it: refused, failed, or not tried because the server could not be reached. */
  failed: number;
  errors: { recipient: string; error: string }[];
}

type EmailDigestError = GateError | { code: 'WORKLIST_RUN_NOT_FOUND'; message: string };

/**
 * E-mails a date's digest to each FINANCE_DIGEST_TO address once: a row per date and address is
 * queued with the first call's text, claimed by bumping its attempts where unchanged (two runs never
 * hand it over twice), and marked sent only when the server accepted it. A refusal or failure keeps
 * the row unsent with the server's answer, so the next call for the date tries it again.
 */
async function emailDigest(
  ctx: ToolContext,
  input: { asOf: string; text: string },
): Promise<Result<EmailDigestResult, EmailDigestError>> {
  const { asOf } = input;
  const action: ActionOf<'collections.send_reminders'> = {
    type: 'collections.send_reminders',
    target: { kind: 'worklist', id: asOf },
    args: { asOf },
  };
  await readMatrixInForce(ctx.db, ctx);
  const denied = precheck(ctx, action, { entityId: null });
  if (!denied.ok) return denied;
  const [run] = await queryRows<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM worklist_runs WHERE as_of = ${asOf}::date`,
  );
  if (!Number(run?.n)) return err({ code: 'WORKLIST_RUN_NOT_FOUND', message: `no prioritization run for ${asOf}` });
  const delivery = ctx.deps.financeDigest ?? null;
  const out: EmailDigestResult = {
    asOf,
    configured: Boolean(delivery?.to.length),
    sent: 0,
    alreadySent: 0,
    failed: 0,
    errors: [],
  };
  if (delivery && delivery.to.length) {
    const to = [...delivery.to];
    await ctx.deps.database.db
      .insert(financeDigestOutbox)
      .values(
        to.map((recipient) => ({
          asOf,
          recipient,
          subject: digestSubject(asOf),
          body: digestBody(asOf, input.text),
          createdAt: ctx.now,
        })),
      )
      .onConflictDoNothing();
    const rows = await queryRows<{
      id: string;
      recipient: string;
      subject: string;
      body: string;
      status: string;
      attempts: number;
      message_id: string | null;
    }>(
      ctx.db,
      sql`SELECT id, recipient, subject, body, status, attempts, message_id FROM finance_digest_outbox
        WHERE as_of = ${asOf}::date AND recipient IN (${sql.join(
          to.map((a) => sql`${a}`),
          sql`, `,
        )}) ORDER BY recipient`,
    );
    out.alreadySent = rows.filter((r) => r.status === 'sent').length;
    const domain = delivery.mailer.messageIdDomain ?? 'billing-copilot.local';
    let reachable = true;
    for (const r of rows.filter((x) => x.status !== 'sent')) {
      if (!reachable) {
        out.failed++;
        continue;
      }
      const messageId = r.message_id ?? digestMessageId(asOf, r.id, domain);
      const claimed = await queryRows<{ attempts: number }>(
        ctx.db,
        sql`UPDATE finance_digest_outbox SET attempts = attempts + 1, message_id = ${messageId}
          WHERE id = ${r.id} AND attempts = ${r.attempts} AND status <> 'sent' RETURNING attempts`,
      );
      // Another run took it meanwhile: it reports it.
      if (!claimed.length) continue;
      const res = await delivery.mailer.send({
        to: r.recipient,
        subject: r.subject,
        text: r.body,
        html: digestHtml(r.body),
        messageId,
      });
      if (res.ok) {
        await queryRows(
          ctx.db,
          sql`UPDATE finance_digest_outbox SET status = 'sent', sent_at = ${ctx.now.toISOString()}::timestamptz,
            last_error = NULL WHERE id = ${r.id} AND status <> 'sent'`,
        );
        out.sent++;
        continue;
      }
      const error = res.error.slice(0, 1000);
      await queryRows(
        ctx.db,
        sql`UPDATE finance_digest_outbox SET status = 'failed', last_error = ${error}
          WHERE id = ${r.id} AND status <> 'sent'`,
      );
      out.failed++;
      out.errors.push({ recipient: r.recipient, error });
      // The server is not there: the other addresses wait for the next run instead of failing one by one.
      if (res.kind === 'unreachable') reachable = false;
    }
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    const gate = await passGate(tx, ctx, action, { entityId: null });
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'finance_digest',
        targetId: asOf,
        before: null,
        after: {
          configured: out.configured,
          sent: out.sent,
          alreadySent: out.alreadySent,
          failed: out.failed,
          errors: out.errors,
        },
        decision: gate.ok ? gate.value.decision : null,
      }),
    );
  });
  return ok(out);
}

export const collectionsEmailDigest = defineTool({
  name: 'collections_email_digest',
  description:
    "E-mails a date's collections digest (the nightly run's summary) to the finance team's addresses (FINANCE_DIGEST_TO), " +
    'once per date and address: a date already e-mailed sends nothing again; a refusal or failure is recorded and the next run ' +
    'of the date tries again. Recipients come from the configuration only. Controllers, finance admins, the scheduler.',
  input: z.strictObject({
    asOf: dateField().describe('The date of the prioritization run the digest describes'),
    text: z
      .string()
      .min(1)
      .max(DIGEST_TEXT_MAX, `at most ${DIGEST_TEXT_MAX} characters`)
      .describe('The digest in words (the nightly run passes its own); the first call of a date fixes what is sent'),
  }),
  output: z.object({
    asOf: z.string(),
    configured: z.boolean().describe('False when no FINANCE_DIGEST_TO is configured: nothing was sent'),
    sent: z.number().int(),
    alreadySent: z.number().int().describe('Addresses that had this date already: not sent again'),
    failed: z.number().int().describe('Addresses still without it; the next run of the date tries again'),
    errors: z
      .array(z.object({ recipient: z.string(), error: z.string() }))
      .describe("The mail server's answer per refused or failed address"),
  }),
  risk: 'write',
  policyAction: 'collections.send_reminders',
  // The SMTP conversation runs outside any transaction; one short transaction audits the call.
  transaction: 'own',
  handler: (ctx, input) => emailDigest(ctx, input),
});
