import {
  bigint,
  char,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { invoices } from './invoices.ts';

/** A reminder sequence: scope `segment:<name>` or `client:<code>`; steps by days past due. */
export const dunningPolicies = pgTable('dunning_policies', {
  scope: text('scope').primaryKey(),
  steps: jsonb('steps').$type<Record<string, unknown>[]>().notNull(),
  /** Bumped by every change (each change is audited with the steps before and after). */
  version: integer('version').notNull().default(1),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
});

/** A client's promise to pay an invoice, recorded by a person; open until kept, broken or superseded. */
export const promisesToPay = pgTable(
  'promises_to_pay',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    openAtRecordMinor: bigint('open_at_record_minor', { mode: 'bigint' }).notNull(),
    promisedFor: date('promised_for').notNull(),
    promisedBy: text('promised_by').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull(),
    status: text('status').$type<'open' | 'kept' | 'broken' | 'superseded'>().notNull().default('open'),
    closedOn: date('closed_on'),
  },
  (t) => [index('promises_to_pay_invoice_idx').on(t.invoiceId, t.status)],
);

/** A manual pause of reminders for one invoice or a whole client, until resumed (or its until date). */
export const dunningPauses = pgTable('dunning_pauses', {
  id: uuid('id').primaryKey().defaultRandom(),
  invoiceId: uuid('invoice_id').references(() => invoices.id),
  clientId: uuid('client_id').references(() => clients.id),
  reason: text('reason').notNull(),
  until: date('until'),
  pausedBy: text('paused_by').notNull(),
  pausedAt: timestamp('paused_at', { withTimezone: true, precision: 3 }).notNull(),
  resumedBy: text('resumed_by'),
  resumedAt: timestamp('resumed_at', { withTimezone: true, precision: 3 }),
});

/** Reminders to deliver: one row per invoice and step (unique), queued -> sent, or failed with the error. */
export const reminderOutbox = pgTable(
  'reminder_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    step: text('step').notNull(),
    asOf: date('as_of').notNull(),
    channel: text('channel').$type<'email' | 'task' | 'account_manager'>().notNull(),
    language: text('language').notNull(),
    recipient: text('recipient'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** refused: the mail server refused it or it bounced (migration 0031); a delivery_failure exception says so. */
    status: text('status').$type<'queued' | 'sent' | 'failed' | 'refused'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
    /** The e-mail's Message-ID, set before it is handed to SMTP, so a bounce finds its reminder. */
    messageId: text('message_id'),
    /** A failed row is tried again from then on (backoff). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }),
    /** Who wrote the text: 'template', or 'model:<name>' when a model's draft passed the check (migration 0046). */
    draftedBy: text('drafted_by').notNull().default('template'),
    /** Why a model's draft was not sent (the check's problems, a timeout, an error); null when none was refused. */
    modelRefusal: text('model_refusal'),
  },
  (t) => [
    uniqueIndex('reminder_outbox_invoice_step_uq').on(t.invoiceId, t.step),
    uniqueIndex('reminder_outbox_message_id_uq').on(t.messageId),
    index('reminder_outbox_status_idx').on(t.status, t.createdAt),
  ],
);
