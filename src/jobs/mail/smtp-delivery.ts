import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { DeliveryFailureKind, ReminderDelivery } from '../../tools/collections/deliver-reminders.ts';
import type { DigestMailer } from '../../tools/collections/email-digest.ts';

/** How to reach the SMTP server; the credentials stay in here and in nodemailer, never in a log line. */
export interface SmtpSettings {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  pass?: string;
  secure?: boolean;
  from: string;
  /** Milliseconds to wait for the connection, the greeting and each answer; default 30 s. */
  timeoutMs?: number;
}

/** The SMTP settings of the configuration, or null when none is set (reminders then wait in the outbox). */
export function smtpSettingsOf(c: Config): SmtpSettings | null {
  if (!c.SMTP_FROM || (!c.SMTP_URL && !c.SMTP_HOST)) return null;
  return {
    from: c.SMTP_FROM,
    ...(c.SMTP_URL ? { url: c.SMTP_URL } : {}),
    ...(c.SMTP_HOST ? { host: c.SMTP_HOST } : {}),
    ...(c.SMTP_PORT ? { port: c.SMTP_PORT } : {}),
    ...(c.SMTP_USER ? { user: c.SMTP_USER } : {}),
    ...(c.SMTP_PASS ? { pass: c.SMTP_PASS } : {}),
    ...(c.SMTP_SECURE !== undefined ? { secure: c.SMTP_SECURE } : {}),
  };
}

interface SmtpError extends Error {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  permanent?: boolean;
}

/**
 * What a failed send was, from nodemailer's error: the server's 5xx (at RCPT, DATA, or for every
 * recipient) is a refusal; no connection or refused credentials make the server unreachable; a 4xx
 * or a timeout is transient. The text kept is the server's answer or the error code, never the URL.
 */
export function classifySmtpError(e: unknown): { kind: DeliveryFailureKind; error: string } {
  const x = (e ?? {}) as SmtpError;
  const code = x.responseCode;
  const answer = x.response ? x.response.replace(/\s+/g, ' ').slice(0, 300) : null;
  if (x.code === 'EAUTH') return { kind: 'unreachable', error: 'EAUTH: the SMTP server refused the credentials' };
  if (code !== undefined && code >= 500 && code !== 503)
    return { kind: 'refused', error: `${x.command ? `${x.command}: ` : ''}${answer ?? code}` };
  if (code !== undefined && code >= 400)
    return { kind: 'transient', error: `${x.command ? `${x.command}: ` : ''}${answer ?? code}` };
  const low = x.originalCode ?? x.code ?? 'ERROR';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNECTION|ETLS/.test(`${low} ${x.code ?? ''}`))
    return { kind: 'unreachable', error: `${low}: the SMTP server could not be reached` };
  return { kind: 'transient', error: `${low}: ${(x.message ?? '').replace(/\/\/[^@\s]*@/g, '//***@').slice(0, 200)}` };
}

/**
 * Reminders by e-mail over SMTP (nodemailer): plain text in the client's language, with the
 * reminder's Message-ID and an X-Billing-Invoice header, which a bounce quotes back. A collector's
 * task goes to the collector's address the same way. One pooled connection is reused across a relay.
 */
export function smtpDelivery(s: SmtpSettings): ReminderDelivery & { close(): void } {
  const transport = transportOf(s);
  const domain = senderDomain(s);
  return {
    messageIdDomain: domain,
    deliver: (m) =>
      sendOne(transport, {
        from: s.from,
        to: m.to,
        subject: m.channel === 'task' ? `[Collections task] ${m.subject}` : m.subject,
        text: m.body,
        messageId: m.messageId,
        headers: { 'X-Billing-Invoice': m.invoiceNumber, 'X-Billing-Reminder': m.id },
      }),
    close: () => transport.close(),
  };
}

/**
 * The finance digest by e-mail over SMTP (nodemailer): plain text with a small HTML twin, one
 * recipient per e-mail, with the row's Message-ID and an X-Billing-Digest header naming the date.
 */
export function smtpDigestMailer(s: SmtpSettings): DigestMailer & { close(): void } {
  const transport = transportOf(s);
  return {
    messageIdDomain: senderDomain(s),
    send: (m) =>
      sendOne(transport, {
        from: s.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        headers: { 'X-Billing-Digest': m.subject },
      }),
    close: () => transport.close(),
  };
}

/**
 * One e-mail through the transport: sent, refused when the server accepted none of its recipients,
 * or the SMTP error as classifySmtpError reads it (reminders and the digest answer alike).
 */
async function sendOne(
  transport: ReturnType<typeof transportOf>,
  mail: Parameters<ReturnType<typeof transportOf>['sendMail']>[0],
): Promise<{ ok: true } | { ok: false; kind: DeliveryFailureKind; error: string }> {
  try {
    const info = await transport.sendMail(mail);
    if (info.rejected.length > 0 && info.accepted.length === 0)
      return { ok: false, kind: 'refused', error: `RCPT TO: ${String(info.response ?? 'rejected')}` };
    return { ok: true };
  } catch (e) {
    return { ok: false, ...classifySmtpError(e) };
  }
}

const senderDomain = (s: SmtpSettings): string => /@([^>\s]+)>?\s*$/.exec(s.from)?.[1] ?? 'billing-copilot.local';

function transportOf(s: SmtpSettings) {
  const timeouts = {
    connectionTimeout: s.timeoutMs ?? 30_000,
    greetingTimeout: s.timeoutMs ?? 30_000,
    socketTimeout: s.timeoutMs ?? 60_000,
  };
  return s.url
    ? nodemailer.createTransport({ url: s.url, ...timeouts })
    : nodemailer.createTransport({
        host: s.host,
        port: s.port ?? (s.secure ? 465 : 587),
        secure: s.secure ?? false,
        ...(s.user ? { auth: { user: s.user, pass: s.pass ?? '' } } : {}),
        ...timeouts,
      });
}
