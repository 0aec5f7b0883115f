import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { invoices } from './invoices.ts';
import { users } from './users.ts';

/** A typed link to what supports or answers a dispute: a time entry (id), a contract term (contract code and term), a document (id). */
export interface DisputeEvidence {
  kind: 'time_entry' | 'contract_term' | 'document';
  ref: string;
  term?: string | null;
  note?: string | null;
}

export const disputeResolution = pgEnum('dispute_resolution', ['upheld', 'rejected', 'written_off']);

/**
 * A client's dispute of an invoice: why, how much (optional, in the invoice's currency), who opened
 * it, and how it ended. At most one is open per invoice (the partial unique index); while it is
 * open the invoice is `disputed` and collectors leave it alone.
 */
export const invoiceDisputes = pgTable(
  'invoice_disputes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    reason: text('reason').notNull(),
    disputedAmountMinor: bigint('disputed_amount_minor', { mode: 'bigint' }),
    openedBy: text('opened_by').notNull(),
    openedFor: text('opened_for'),
    openedAt: timestamp('opened_at', { withTimezone: true, precision: 3 }).notNull(),
    resolution: disputeResolution('resolution'),
    resolutionNote: text('resolution_note'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
    /** rate, hours, scope, missing_po, duplicate, tax, quality (null on disputes opened before codes existed). */
    reasonCode: text('reason_code'),
    /** The user who works the dispute to its end. */
    ownerId: uuid('owner_id').references(() => users.id),
    /** The SLA: resolved by this day (opened + the reason code's days); overdue after it. */
    dueOn: date('due_on'),
    evidence: jsonb('evidence').$type<DisputeEvidence[]>().notNull().default([]),
    /** Re-issued: the credit note that cancelled the disputed amounts and the corrected invoice drafted in its place. */
    creditNoteId: uuid('credit_note_id').references(() => invoices.id),
    reissuedInvoiceId: uuid('reissued_invoice_id').references(() => invoices.id),
  },
  (t) => [
    uniqueIndex('invoice_disputes_one_open_uq').on(t.invoiceId).where(sql`${t.resolvedAt} IS NULL`),
    index('invoice_disputes_invoice_idx').on(t.invoiceId),
    index('invoice_disputes_owner_idx').on(t.ownerId).where(sql`${t.resolvedAt} IS NULL`),
    check('invoice_disputes_amount_positive', sql`${t.disputedAmountMinor} IS NULL OR ${t.disputedAmountMinor} > 0`),
    check('invoice_disputes_resolution_complete', sql`(${t.resolution} IS NULL) = (${t.resolvedAt} IS NULL)`),
  ],
);
