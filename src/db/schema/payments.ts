import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  date,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { invoices } from './invoices.ts';
import { legalEntities } from './legal-entities.ts';

export const paymentMethod = pgEnum('payment_method', [
  'bank_transfer',
  'direct_debit',
  'card',
  'check',
  'cash',
  'other',
]);
export const paymentStatus = pgEnum('payment_status', ['recorded', 'reversed']);

/**
 * Cash received from a client, in the legal entity whose account received it (the client's, or the one that issued
 * the invoices it pays: a client moved since still pays the old entity's invoices there). The bank reference is its identity:
 * recording the same reference again in the entity replays the first payment (the unique index
 * holds it when two requests race). A payment is never deleted or edited; a bounced one is reversed.
 * What its allocations leave of the amount is the client's unapplied cash.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    legalEntityId: uuid('legal_entity_id')
      .notNull()
      .references(() => legalEntities.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    currency: char('currency', { length: 3 }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    receivedOn: date('received_on').notNull(),
    method: paymentMethod('method').notNull(),
    bankReference: text('bank_reference').notNull(),
    note: text('note'),
    status: paymentStatus('status').notNull().default('recorded'),
    /** Who recorded it, and for whom when the agent did (the agent may not today; the column is the audit's shape). */
    recordedBy: text('recorded_by').notNull(),
    recordedFor: text('recorded_for'),
    reversedAt: timestamp('reversed_at', { withTimezone: true, precision: 3 }),
    reversedBy: text('reversed_by'),
    reversalReason: text('reversal_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('payments_bank_reference_uq').on(t.legalEntityId, t.bankReference),
    index('payments_client_idx').on(t.clientId, t.receivedOn),
    index('payments_entity_received_idx').on(t.legalEntityId, t.receivedOn),
    check('payments_amount_positive', sql`${t.amountMinor} > 0`),
    check('payments_reversal_complete', sql`(${t.status} = 'reversed') = (${t.reversedAt} IS NOT NULL)`),
  ],
);

/**
 * How much of a payment went to which invoice (one receipt pays several invoices of its client),
 * in the payment's currency, which is the invoice's. An allocation counts as paid while its
 * payment is not reversed.
 */
export const paymentAllocations = pgTable(
  'payment_allocations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    /**
     * The part of amount_minor allocated when the payment was recorded; the rest was applied later
     * from its unapplied cash (POST /payments/{id}/apply adds to this row). A retry of the recording
     * is the same payment when it matches these parts, whatever was applied since.
     */
    recordedMinor: bigint('recorded_minor', { mode: 'bigint' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('payment_allocations_payment_invoice_uq').on(t.paymentId, t.invoiceId),
    index('payment_allocations_invoice_idx').on(t.invoiceId),
    check('payment_allocations_amount_positive', sql`${t.amountMinor} > 0`),
    check(
      'payment_allocations_recorded_within_amount',
      sql`${t.recordedMinor} >= 0 AND ${t.recordedMinor} <= ${t.amountMinor}`,
    ),
  ],
);
