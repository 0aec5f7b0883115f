import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { queryRows, type Database } from '../../db/client.ts';
import { auditLog, financeDigestOutbox } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { createLogger } from '../../shared/log.ts';
import type { FinanceDigestDelivery } from '../../tools/collections/email-digest.ts';
import { collectionsNightlyJob, runCollectionsNightly } from '../definitions/collections-nightly.ts';
import { smtpDigestMailer } from './smtp-delivery.ts';

/** What the local SMTP server (smtp-server) accepted: the envelope's recipients and the message as sent. */
interface Received {
  to: string[];
  raw: string;
}

/** The decoded text/plain part of a message nodemailer wrote (quoted-printable or 7bit). */
function plainText(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? '';
  const part = raw.split(`--${boundary}`).find((p) => /Content-Type: text\/plain/i.test(p)) ?? '';
  const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n').replace(/\r?\n$/, '');
  const text = /quoted-printable/i.test(head)
    ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    : body;
  return Buffer.from(text, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

/** The Message-ID header, unfolded (nodemailer folds a long one onto the next line). */
const messageIdOf = (raw: string): string | undefined => /^Message-ID:\s+(<[^>]+>)/m.exec(raw)?.[1];

describe(`the finance digest by e-mail on ${backend}`, () => {
  let database: Database;
  let server: SMTPServer;
  const received: Received[] = [];
  /** Addresses the server refuses at RCPT TO (550). */
  const refuse = new Set<string>();
  const PASS = 'S3cret-digest-pass';
  const log = createLogger('silent');
  let mailer: ReturnType<typeof smtpDigestMailer>;
  const night = new Date('2026-03-31T04:30:00Z');
  const TO = ['ar-team@firm.example', 'cfo@firm.example'];
  const ctx = (jobId: string) => ({ actor: serviceActor('scheduler'), jobId, attempt: 1, log });
  const job = (financeDigest: FinanceDigestDelivery | null) =>
    collectionsNightlyJob({ database, now: () => night, timeZone: 'UTC', financeDigest });
  const rows = (asOf: string) =>
    database.db
      .select()
      .from(financeDigestOutbox)
      .where(eq(financeDigestOutbox.asOf, asOf))
      .orderBy(financeDigestOutbox.recipient);

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
        if (refuse.has(address.address))
          return cb(Object.assign(new Error(`5.1.1 <${address.address}>: user unknown`), { responseCode: 550 }));
        return cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    mailer = smtpDigestMailer({
      host: '127.0.0.1',
      port,
      secure: false,
      user: 'ar',
      pass: PASS,
      from: 'Billing Copilot <billing@firm.example>',
      timeoutMs: 5_000,
    });
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-02-10', totalMinor: 123_456n });
    await openInvoice(database, { client: 'CL-B', contract: 'K-B', issueDate: '2026-03-01', totalMinor: 40_000n });
  });
  afterAll(async () => {
    mailer?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('sends nothing and writes no digest row when no recipients are configured', async () => {
    await job(null).handle({ asOf: '2026-03-30' }, ctx('none-1'));
    await job({ to: [], mailer }).handle({ asOf: '2026-03-30' }, ctx('none-2'));
    expect(received).toEqual([]);
    expect(await rows('2026-03-30')).toEqual([]);
  });

  it('e-mails the digest once to each address, with its subject and the digest as the body', async () => {
    await job({ to: TO, mailer }).handle({ asOf: '2026-03-31' }, ctx('mail-1'));
    expect(received.map((m) => m.to)).toEqual([['ar-team@firm.example'], ['cfo@firm.example']]);
    const { digest } = await runCollectionsNightly(
      { database, now: () => night },
      { asOf: '2026-03-31' },
      ctx('read'),
      { timeZone: 'UTC' },
    );
    expect(digest).toMatch(/^Collections worklist of 2026-03-31: 2 open receivables/);
    const stored = await rows('2026-03-31');
    for (const [i, m] of received.entries()) {
      expect(m.raw).toMatch(/^Subject: Collections digest 2026-03-31\r?$/m);
      expect(m.raw).toMatch(/^From: Billing Copilot <billing@firm.example>\r?$/m);
      expect(messageIdOf(m.raw)).toBe(stored[i]!.messageId);
      expect(m.raw).toMatch(/Content-Type: text\/html/);
      expect(plainText(m.raw)).toBe(
        `${digest}\n\n-- \nBilling Copilot, nightly collections run of 2026-03-31 (FINANCE_DIGEST_TO).\n`,
      );
      // Nothing beyond the digest: no credential, no other address.
      expect(m.raw).not.toContain(PASS);
      expect(m.raw).not.toContain(TO[1 - i]!);
    }
    expect(stored.map((r) => [r.recipient, r.status, r.attempts])).toEqual([
      ['ar-team@firm.example', 'sent', 1],
      ['cfo@firm.example', 'sent', 1],
    ]);
  });

  it('sends nothing twice when the same night runs again', async () => {
    await job({ to: TO, mailer }).handle({ asOf: '2026-03-31' }, ctx('mail-2'));
    expect(received).toHaveLength(2);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'finance_digest'), eq(auditLog.targetId, '2026-03-31')))
      .orderBy(auditLog.seq);
    expect(audits.map((a) => a.after)).toEqual([
      { configured: true, sent: 2, alreadySent: 0, failed: 0, errors: [] },
      { configured: true, sent: 0, alreadySent: 2, failed: 0, errors: [] },
    ]);
  });

  it('fails the job and keeps a refused address unsent, then the retry sends only to it', async () => {
    refuse.add('cfo@firm.example');
    await expect(job({ to: TO, mailer }).handle({ asOf: '2026-04-01' }, ctx('ref-1'))).rejects.toThrow(
      /the collections digest of 2026-04-01 did not reach 1 address\(es\): cfo@firm\.example: RCPT TO: 550/,
    );
    expect(received.slice(2).map((m) => m.to)).toEqual([['ar-team@firm.example']]);
    const failed = await rows('2026-04-01');
    expect(failed.map((r) => [r.recipient, r.status, r.sentAt === null])).toEqual([
      ['ar-team@firm.example', 'sent', false],
      ['cfo@firm.example', 'failed', true],
    ]);
    expect(failed[1]!.lastError).toMatch(/^RCPT TO: 550 5\.1\.1 <cfo@firm\.example>: user unknown/);
    refuse.clear();
    await job({ to: TO, mailer }).handle({ asOf: '2026-04-01' }, ctx('ref-2'));
    await job({ to: TO, mailer }).handle({ asOf: '2026-04-01' }, ctx('ref-3'));
    expect(received.slice(2).map((m) => m.to)).toEqual([['ar-team@firm.example'], ['cfo@firm.example']]);
    const after = await rows('2026-04-01');
    expect(after.map((r) => [r.recipient, r.status, r.attempts, r.lastError])).toEqual([
      ['ar-team@firm.example', 'sent', 1, null],
      ['cfo@firm.example', 'sent', 2, null],
    ]);
    // The retry sent the first try's text under the first try's Message-ID.
    expect(messageIdOf(received[3]!.raw)).toBe(after[1]!.messageId);
  });

  it('stores no credential anywhere', async () => {
    const hits = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT (SELECT count(*) FROM finance_digest_outbox WHERE body LIKE ${`%${PASS}%`}
          OR last_error LIKE ${`%${PASS}%`})
        + (SELECT count(*) FROM audit_log WHERE after::text LIKE ${`%${PASS}%`}) AS n`,
    );
    expect(Number(hits[0]!.n)).toBe(0);
  });
});
