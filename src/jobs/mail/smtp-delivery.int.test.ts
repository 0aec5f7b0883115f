import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { queryRows, type Database } from '../../db/client.ts';
import { clients, reminderOutbox } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import { callTool } from '../../tools/call-tool.ts';
import type { ReminderDelivery } from '../../tools/collections/deliver-reminders.ts';
import { remindersDeliver } from '../../tools/collections/deliver-reminders.ts';
import { remindersRecordBounce } from '../../tools/collections/record-bounce.ts';
import { collectionsSendReminders } from '../../tools/collections/send-reminders.ts';
import { DUNNING_STEPS, runCollectionsNightly } from '../definitions/collections-nightly.ts';
import { classifySmtpError, smtpDelivery } from './smtp-delivery.ts';

/** A local SMTP server (smtp-server) that records what it accepts and refuses what the test tells it to. */
interface Received {
  to: string[];
  raw: string;
}

describe(`reminders over SMTP on ${backend}`, () => {
  let database: Database;
  let server: SMTPServer;
  let port = 0;
  const received: Received[] = [];
  /** Invoices whose next DATA gets a 451 (temporary), once. */
  const tempFailOnce = new Set<string>();
  const inv: Record<string, { id: string; number: string }> = {};
  const night = new Date('2026-03-31T04:30:00Z');
  const log = createLogger('silent');
  const PASS = 'S3cret-smtp-pass';
  let delivery: ReminderDelivery & { close(): void };
  const caller = (at: Date, d: ReminderDelivery | null) => ({
    actor: serviceActor('scheduler'),
    correlationId: `t-${at.toISOString()}-${Math.random()}`,
    now: at,
    deps: { database, now: () => at, reminderDelivery: d },
  });
  const row = async (key: string) =>
    (await database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, inv[key]!.id)))[0]!;
  const exceptionsOf = (key: string) =>
    queryRows<{ type: string; owner_role: string; status: string; details: unknown }>(
      database.db,
      sql`SELECT type, owner_role, status, details FROM exceptions WHERE invoice_id = ${inv[key]!.id}::uuid`,
    );

  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'ar' && auth.password === PASS) return cb(null, { user: 'ar' });
        return cb(new Error('535 bad credentials'));
      },
      onRcptTo(address, _session, cb) {
        if (address.address.startsWith('nobody@'))
          return cb(Object.assign(new Error('5.1.1 <nobody@cl-b.example>: user unknown'), { responseCode: 550 }));
        return cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const number = /^X-Billing-Invoice: (\S+)/m.exec(raw)?.[1] ?? '';
          if (tempFailOnce.delete(number))
            return cb(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
    delivery = smtpDelivery({
      host: '127.0.0.1',
      port,
      secure: false,
      user: 'ar',
      pass: PASS,
      from: 'Accounts Receivable <ar@firm.example>',
      timeoutMs: 5_000,
    });
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    await database.db
      .update(clients)
      .set({ billingContacts: [{ name: 'AP', email: 'ap@cl-a.example' }] })
      .where(eq(clients.code, 'CL-A'));
    await database.db
      .update(clients)
      .set({ billingContacts: [{ name: 'AP', email: 'nobody@cl-b.example' }] })
      .where(eq(clients.code, 'CL-B'));
    // Due 2026-03-12 and 2026-03-20: 19 and 11 days past due on the night, each calls for one e-mail step.
    inv.a1 = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-02-10',
      totalMinor: 123_456n,
    });
    inv.a2 = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-02-18',
      totalMinor: 50_000n,
    });
    inv.b1 = await openInvoice(database, {
      client: 'CL-B',
      contract: 'K-B',
      issueDate: '2026-02-10',
      totalMinor: 40_000n,
    });
    tempFailOnce.add(inv.a2.number);
  });
  afterAll(async () => {
    delivery?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  const nightly = (d: ReminderDelivery | null, jobId: string) =>
    runCollectionsNightly(
      { database, now: () => night, reminderDelivery: d },
      { asOf: '2026-03-31' },
      { actor: serviceActor('scheduler'), jobId, log },
      { timeZone: 'UTC', steps: DUNNING_STEPS },
    );

  it('keeps reminders in the outbox when no SMTP is configured, and the digest says so', async () => {
    const out = await nightly(null, 'n-1');
    expect(out.digest).toContain(
      'Reminders: none sent, no e-mail delivery (SMTP) is configured; 3 wait in the outbox.',
    );
    expect(received).toEqual([]);
    expect((await row('a1')).status).toBe('queued');
  });

  it('sends each reminder over SMTP with its Message-ID; a 550 at RCPT opens a delivery_failure and is not sent', async () => {
    const out = await nightly(delivery, 'n-2');
    expect(out.digest).toContain('Reminders: 1 sent, 2 not delivered (1 delivery_failure exception(s) opened).');
    expect(received).toHaveLength(1);
    const a1 = await row('a1');
    expect(a1).toMatchObject({ status: 'sent', attempts: 1, messageId: `<reminder.${a1.id}@firm.example>` });
    expect(received[0]!.to).toEqual(['ap@cl-a.example']);
    expect(received[0]!.raw).toContain(`Message-ID: <reminder.${a1.id}@firm.example>`);
    expect(received[0]!.raw).toContain(`X-Billing-Invoice: ${inv.a1!.number}`);
    expect(received[0]!.raw).toContain('1234.56 USD');
    const b1 = await row('b1');
    expect(b1).toMatchObject({ status: 'refused', sentAt: null });
    expect(b1.lastError).toMatch(/^RCPT TO: 550 5\.1\.1/);
    expect(await exceptionsOf('b1')).toEqual([
      expect.objectContaining({ type: 'delivery_failure', owner_role: 'billing_clerk', status: 'open' }),
    ]);
    // 451 at DATA: temporary, tried again after the backoff, no exception yet.
    const a2 = await row('a2');
    expect(a2).toMatchObject({ status: 'failed', sentAt: null, attempts: 1 });
    expect(a2.nextAttemptAt?.toISOString()).toBe('2026-03-31T04:35:00.000Z');
    expect(await exceptionsOf('a2')).toEqual([]);
  });

  it('sends nothing twice: the same night again delivers nothing, the retry goes once its backoff has passed', async () => {
    await nightly(delivery, 'n-3');
    expect(received).toHaveLength(1);
    const later = new Date(night.getTime() + 6 * 60_000);
    const r = await callTool(caller(later, delivery), remindersDeliver, {});
    expect(r.ok && r.value).toEqual({ sent: 1, failed: 0, waiting: 0, exceptions: 0 });
    expect(received.map((m) => /^X-Billing-Invoice: (\S+)/m.exec(m.raw)?.[1])).toEqual([
      inv.a1!.number,
      inv.a2!.number,
    ]);
    const again = await callTool(caller(new Date(later.getTime() + 86_400_000), delivery), remindersDeliver, {});
    expect(again.ok && again.value).toEqual({ sent: 0, failed: 0, waiting: 0, exceptions: 0 });
    expect(received).toHaveLength(2);
    expect((await row('a2')).status).toBe('sent');
  });

  it('turns a bounce naming the Message-ID into the same exception, and the step is no longer sent', async () => {
    const a1 = await row('a1');
    const dsn = [
      'Subject: Undelivered Mail Returned to Sender',
      'From: MAILER-DAEMON@mx.cl-a.example',
      '',
      'Final-Recipient: rfc822; ap@cl-a.example',
      'Action: failed',
      'Status: 5.2.2',
      'Diagnostic-Code: smtp; 552 5.2.2 mailbox full',
      '',
      `Message-ID: ${a1.messageId}`,
    ].join('\n');
    const r = await callTool(caller(night, null), remindersRecordBounce, { text: dsn });
    expect(r.ok && r.value).toMatchObject({
      outcome: 'recorded',
      invoice: inv.a1!.number,
      matchedBy: 'message_id',
      smtpStatus: '5.2.2',
    });
    expect(await row('a1')).toMatchObject({ status: 'refused', lastError: 'bounced (5.2.2): 552 5.2.2 mailbox full' });
    const twice = await callTool(caller(night, null), remindersRecordBounce, { text: dsn });
    expect(twice.ok).toBe(true);
    expect(await exceptionsOf('a1')).toHaveLength(1);
    const notABounce = await callTool(caller(night, null), remindersRecordBounce, {
      text: 'Thanks, we will pay Friday.',
    });
    expect(notABounce.ok ? 'ok' : notABounce.error.code).toBe('BOUNCE_NOT_RECOGNIZED');
    const unmatched = await callTool(caller(night, null), remindersRecordBounce, {
      text: 'Mail delivery failed\nAction: failed\nStatus: 5.1.1\nX-Billing-Invoice: NOPE-000001',
    });
    expect(unmatched.ok ? 'ok' : unmatched.error.code).toBe('BOUNCE_UNMATCHED');
  });

  it('opens an exception when the server refuses the connection, keeps the step unsent and never stores the password', async () => {
    inv.a3 = await openInvoice(database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-02-12',
      totalMinor: 7_000n,
    });
    const q = await callTool(caller(night, null), collectionsSendReminders, { asOf: '2026-03-31' });
    expect(q.ok && q.value.queued).toBe(1);
    // A port nothing listens on: take one, then close it.
    const probe = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const down = smtpDelivery({
      url: `smtp://ar:${PASS}@127.0.0.1:${closedPort}`,
      from: 'ar@firm.example',
      timeoutMs: 3_000,
    });
    const r = await callTool(caller(night, down), remindersDeliver, {});
    down.close();
    expect(r.ok && r.value).toEqual({ sent: 0, failed: 1, waiting: 0, exceptions: 1 });
    const a3 = await row('a3');
    expect(a3).toMatchObject({ status: 'failed', sentAt: null });
    expect(a3.lastError).toMatch(/ECONNREFUSED/);
    const exc = await exceptionsOf('a3');
    expect(exc).toEqual([expect.objectContaining({ type: 'delivery_failure' })]);
    const everywhere = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT (SELECT count(*) FROM reminder_outbox WHERE last_error LIKE ${`%${PASS}%`})
        + (SELECT count(*) FROM exceptions WHERE message LIKE ${`%${PASS}%`} OR details::text LIKE ${`%${PASS}%`})
        + (SELECT count(*) FROM audit_log WHERE after::text LIKE ${`%${PASS}%`}) AS n`,
    );
    expect(Number(everywhere[0]!.n)).toBe(0);
  });

  it('classifies SMTP errors: 5xx refused, 4xx and timeouts transient, no connection unreachable', () => {
    expect(classifySmtpError({ responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 unknown' }).kind).toBe(
      'refused',
    );
    expect(classifySmtpError({ responseCode: 554, command: 'DATA', response: '554 spam' })).toEqual({
      kind: 'refused',
      error: 'DATA: 554 spam',
    });
    expect(classifySmtpError({ responseCode: 451, response: '451 later' }).kind).toBe('transient');
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Timeout' }).kind).toBe('transient');
    expect(classifySmtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }).kind).toBe('unreachable');
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535 }).kind).toBe('unreachable');
  });
});
