import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The nightly collections digest e-mailed to the finance team (migration 0045): one row per date and
 * recipient, so a night run twice, or its job retried, sends each address one e-mail. The text is the
 * first run's, kept for the retries. A failed row is tried again by the next run of the same date.
 */
export const financeDigestOutbox = pgTable(
  'finance_digest_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    asOf: date('as_of').notNull(),
    /** One address of FINANCE_DIGEST_TO. */
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<'queued' | 'sent' | 'failed'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** The server's answer or the connection error of the last try; never a credential. */
    lastError: text('last_error'),
    /** Set before the e-mail is handed to SMTP, so every try of a row goes out under one Message-ID. */
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex('finance_digest_outbox_as_of_recipient_uq').on(t.asOf, t.recipient),
    uniqueIndex('finance_digest_outbox_message_id_uq').on(t.messageId),
    index('finance_digest_outbox_status_idx').on(t.status, t.asOf),
    check('finance_digest_outbox_status_ck', sql`${t.status} IN ('queued', 'sent', 'failed')`),
  ],
);
