import { sql } from 'drizzle-orm';
import { bigint, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { invoices } from './invoices.ts';

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
  },
  (t) => [
    uniqueIndex('invoice_disputes_one_open_uq').on(t.invoiceId).where(sql`${t.resolvedAt} IS NULL`),
    index('invoice_disputes_invoice_idx').on(t.invoiceId),
    check('invoice_disputes_amount_positive', sql`${t.disputedAmountMinor} IS NULL OR ${t.disputedAmountMinor} > 0`),
    check('invoice_disputes_resolution_complete', sql`(${t.resolution} IS NULL) = (${t.resolvedAt} IS NULL)`),
  ],
);
