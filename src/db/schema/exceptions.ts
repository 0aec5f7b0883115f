import { bigint, char, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { contracts } from './contracts.ts';
import { invoices } from './invoices.ts';

export const exceptionType = pgEnum('exception_type', [
  'unapproved_time',
  'missing_po',
  'missing_rate',
  'rate_mismatch',
  'cap_exceeded',
  'retainer_overage',
  'missing_fx_rate',
  'missing_tax_setup',
  'outside_contract_dates',
  'contract_terms_mismatch',
  'unapproved_expense',
  'delivery_failure',
]);
export const exceptionSeverity = pgEnum('exception_severity', ['info', 'warning', 'blocking']);
export const exceptionStatus = pgEnum('exception_status', ['open', 'assigned', 'resolved']);

/** A billing problem that holds a line or a draft until someone with the owner role resolves it. */
export const billingExceptions = pgTable(
  'exceptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    type: exceptionType('type').notNull(),
    severity: exceptionSeverity('severity').notNull(),
    ownerRole: text('owner_role').notNull(),
    status: exceptionStatus('status').notNull().default('open'),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    contractId: uuid('contract_id').references(() => contracts.id),
    clientId: uuid('client_id').references(() => clients.id),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'set null' }),
    invoiceLineId: bigint('invoice_line_id', { mode: 'number' }),
    period: char('period', { length: 7 }),
    billingRunId: uuid('billing_run_id'),
    /** What a blocking exception holds: 'draft' (the whole draft waits) or 'line' (the rest is billed, the line is carried). */
    holdScope: text('hold_scope').$type<'draft' | 'line'>(),
    slaHours: integer('sla_hours').notNull(),
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }).notNull(),
    assignedTo: text('assigned_to'),
    assignedBy: text('assigned_by'),
    assignedAt: timestamp('assigned_at', { withTimezone: true, precision: 3 }),
    resolutionCode: text('resolution_code'),
    resolutionNote: text('resolution_note'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('exceptions_status_idx').on(t.status),
    index('exceptions_invoice_idx').on(t.invoiceId),
    index('exceptions_assigned_idx').on(t.assignedTo),
  ],
);
