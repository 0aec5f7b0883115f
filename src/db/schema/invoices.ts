import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FxUsed } from '../../billing/model.ts';
import { clients } from './clients.ts';
import { contracts, taxCategory } from './contracts.ts';
import { legalEntities } from './legal-entities.ts';
import { milestones } from './milestones.ts';
import { people } from './people.ts';

export const invoiceKind = pgEnum('invoice_kind', ['invoice', 'credit_note']);
export const invoiceStatus = pgEnum('invoice_status', [
  'draft',
  'pending_approval',
  'approved',
  'posted',
  'delivered',
  'partially_paid',
  'paid',
  'disputed',
  'void',
  'written_off',
]);
export const lineKind = pgEnum('line_kind', [
  'time',
  'milestone',
  'retainer_fee',
  'retainer_overage',
  'usage',
  'usage_minimum_shortfall',
  'expense',
  'discount',
  'recurring_fee',
  // A late fee on an overdue invoice, billed on a one-line invoice of its own (migration 0035).
  'late_fee',
]);

/**
 * An invoice (or credit note). One standard invoice per contract, period and currency; the partial unique index enforces it.
 * Supplementary invoices (supplements_invoice_id set) bill held lines carried off a standard invoice once released.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number'),
    kind: invoiceKind('kind').notNull().default('invoice'),
    status: invoiceStatus('status').notNull().default('draft'),
    legalEntityId: uuid('legal_entity_id')
      .notNull()
      .references(() => legalEntities.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    period: char('period', { length: 7 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    fxFrom: char('fx_from', { length: 3 }),
    fxRate: numeric('fx_rate', { precision: 24, scale: 12 }),
    fxRateDate: date('fx_rate_date'),
    /**
     * Every exchange rate the invoice converted anything at, with what it converted: the period rate
     * above (`contract_currency`) and each foreign-currency expense's rate (`expense:<id>`).
     */
    fxRates: jsonb('fx_rates').$type<FxUsed[]>().notNull().default([]),
    subtotalMinor: bigint('subtotal_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    taxMinor: bigint('tax_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    totalMinor: bigint('total_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    heldMinor: bigint('held_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    /** Fees counted against the contract's not-to-exceed cap, in the contract's work currency. */
    nteConsumedMinor: bigint('nte_consumed_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    held: boolean('held').notNull().default(false),
    poNumber: text('po_number'),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    issueDate: date('issue_date'),
    dueDate: date('due_date'),
    billingRunId: uuid('billing_run_id'),
    creditsInvoiceId: uuid('credits_invoice_id'),
    /** A supplementary invoice: the standard invoice of the same contract and period whose carried held lines it bills. */
    supplementsInvoiceId: uuid('supplements_invoice_id'),
    preparedBy: text('prepared_by'),
    /**
     * Increases whenever a draft changes in a way an approval must see (returned from approval, a
     * hold released); approvals bind to it through the invoice.approve arguments.
     */
    revision: integer('revision').notNull().default(1),
    /** Who put the draft up for approval, and for whom when the agent did: neither may approve it. */
    submittedBy: text('submitted_by'),
    submittedFor: text('submitted_for'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true, precision: 3 }),
    postedAt: timestamp('posted_at', { withTimezone: true, precision: 3 }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
    /** Times the invoice was sent back from approval; first-pass accuracy counts invoices with none. */
    rejectionCount: integer('rejection_count').notNull().default(0),
    /** Why the invoice last changed status by someone's decision (rejected, voided, written off). */
    statusReason: text('status_reason'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invoices_one_per_contract_period_uq')
      .on(t.contractId, t.period, t.currency)
      .where(sql`${t.kind} = 'invoice' AND ${t.status} <> 'void' AND ${t.supplementsInvoiceId} IS NULL`),
    uniqueIndex('invoices_number_uq').on(t.legalEntityId, t.number),
    index('invoices_period_idx').on(t.period),
    index('invoices_client_idx').on(t.clientId),
    index('invoices_status_idx').on(t.status),
    index('invoices_credits_idx').on(t.creditsInvoiceId),
    index('invoices_supplements_idx').on(t.supplementsInvoiceId),
  ],
);

/** One line of an invoice, with what it bills and which contract term priced it. */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    lineKey: text('line_key').notNull(),
    lineNo: integer('line_no').notNull(),
    kind: lineKind('kind').notNull(),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 20, scale: 6 }).notNull(),
    unit: text('unit').notNull(),
    unitPrice: numeric('unit_price', { precision: 30, scale: 12 }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    /** The unrounded amount in major units, kept for audit (as Lago keeps precise_amount_cents). */
    preciseAmount: numeric('precise_amount', { precision: 40, scale: 15 }).notNull(),
    taxCategory: taxCategory('tax_category').notNull(),
    taxRatePercent: numeric('tax_rate_percent', { precision: 7, scale: 4 }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'bigint' }).notNull(),
    role: text('role'),
    personId: uuid('person_id').references(() => people.id),
    rateCardEntryId: uuid('rate_card_entry_id'),
    milestoneId: uuid('milestone_id').references(() => milestones.id),
    contractTerm: text('contract_term').notNull(),
    servicePeriodStart: date('service_period_start').notNull(),
    servicePeriodEnd: date('service_period_end').notNull(),
    held: boolean('held').notNull().default(false),
    /** Set when this line prices part of the same records as an earlier line (a split at a cap, a usage tier). */
    parentLineId: bigint('parent_line_id', { mode: 'number' }),
    /** Held, but not holding the draft: the rest is billed and this line goes to a supplementary invoice once released. */
    carried: boolean('carried').notNull().default(false),
    /** On a supplementary invoice: the held line it bills (at most once, by the unique index). */
    carriedFromLineId: bigint('carried_from_line_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('invoice_lines_key_uq').on(t.invoiceId, t.lineKey),
    uniqueIndex('invoice_lines_carried_from_uq').on(t.carriedFromLineId),
  ],
);

/**
 * Which line billed a time entry. The primary key on time_entry_id is what makes double billing
 * impossible. The link tables carry no foreign keys: per-row foreign-key checks were 85% of a billing
 * run's write time (26 us against 4 us a row). A trigger refuses deleting or changing a billed record,
 * and deleteInvoiceLines() removes links with their lines.
 * Each link table is indexed by line (migration 0037): an invoice's detail and the removal of a
 * draft's lines look links up by line, and without the index each scanned the whole table (every
 * entry ever billed: 8-26 ms per GET /invoices/:id at 60,000 billed entries, growing with history).
 */
export const invoiceLineTimeEntries = pgTable(
  'invoice_line_time_entries',
  {
    timeEntryId: bigint('time_entry_id', { mode: 'number' }).primaryKey(),
    lineId: bigint('line_id', { mode: 'number' }).notNull(),
  },
  (t) => [index('invoice_line_time_entries_line_idx').on(t.lineId)],
);

export const invoiceLineExpenses = pgTable(
  'invoice_line_expenses',
  {
    expenseId: bigint('expense_id', { mode: 'number' }).primaryKey(),
    lineId: bigint('line_id', { mode: 'number' }).notNull(),
  },
  (t) => [index('invoice_line_expenses_line_idx').on(t.lineId)],
);

export const invoiceLineUsage = pgTable(
  'invoice_line_usage',
  {
    usageRecordId: bigint('usage_record_id', { mode: 'number' }).primaryKey(),
    lineId: bigint('line_id', { mode: 'number' }).notNull(),
  },
  (t) => [index('invoice_line_usage_line_idx').on(t.lineId)],
);

/**
 * Every line a usage record feeds, with nothing unique on the record: a record that straddles a tier
 * boundary feeds two lines and is listed on both. invoice_line_usage stays the one link per record
 * that stops billing it twice; this table only says which lines priced it.
 */
export const invoiceLineUsageShares = pgTable(
  'invoice_line_usage_shares',
  {
    lineId: bigint('line_id', { mode: 'number' }).notNull(),
    usageRecordId: bigint('usage_record_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.lineId, t.usageRecordId] })],
);

export const invoiceLineMilestones = pgTable(
  'invoice_line_milestones',
  {
    milestoneId: uuid('milestone_id').primaryKey(),
    lineId: bigint('line_id', { mode: 'number' }).notNull(),
  },
  (t) => [index('invoice_line_milestones_line_idx').on(t.lineId)],
);

/** Retainer state per contract and month: fee billed once, hours used, rollover carried. */
export const retainerPeriods = pgTable(
  'retainer_periods',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    period: char('period', { length: 7 }).notNull(),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'set null' }),
    rolloverInHours: numeric('rollover_in_hours', { precision: 10, scale: 2 }).notNull(),
    rolloverOutHours: numeric('rollover_out_hours', { precision: 10, scale: 2 }).notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.period] })],
);
