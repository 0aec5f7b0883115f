import {
  bigint,
  char,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
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
  'missing_client_approval',
  'duplicate_billing',
  'incoming_message',
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

/**
 * A message from outside (an ERP or procurement-network rejection, a bounce, a client e-mail) as it was
 * recorded (migration 0041): the text kept as data, its triage, and the exception it opened or was
 * attached to. One row per text (text_sha256): the same message again records nothing.
 */
export const incomingMessages = pgTable(
  'incoming_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the text (line ends as \n, trailing white space trimmed): a duplicate is the same hash. */
    textSha256: text('text_sha256').notNull().unique(),
    /** erp_error or client_email. */
    channel: text('channel').notNull(),
    text: text('text').notNull(),
    triageClass: text('triage_class').notNull(),
    /** 0 to 1, two decimals. */
    confidence: numeric('confidence', { precision: 3, scale: 2 }).notNull(),
    /** The proposed next action as triage gave it (code, owner, description, needsApproval): never done. */
    nextAction: jsonb('next_action')
      .$type<{ code: string; owner: string; description: string; needsApproval: boolean }>()
      .notNull(),
    explanation: text('explanation').notNull(),
    decidedBy: text('decided_by').notNull(),
    /** Passages addressed to an assistant, quoted: ignored, never followed. */
    ignoredInstructions: jsonb('ignored_instructions').$type<string[]>().notNull(),
    exceptionId: uuid('exception_id').references(() => billingExceptions.id),
    /** opened (a new exception) or attached (to the open one it concerns). */
    outcome: text('outcome').$type<'opened' | 'attached'>().notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('incoming_messages_exception_idx').on(t.exceptionId)],
);
