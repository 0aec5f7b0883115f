import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { legalEntities } from './legal-entities.ts';
import { payments } from './payments.ts';

export const bankStatementFormat = pgEnum('bank_statement_format', ['camt053', 'csv']);
/**
 * What the import did with a line: pending (stored, not yet worked), applied (a payment recorded and
 * applied to the invoices it names), proposed (recorded; the match waits for a person or an approval),
 * unapplied (recorded; no confident match, the candidates are kept), unidentified (no client found:
 * nothing recorded), failed (the payment was refused; the reason is kept), debit (money out: not a receipt).
 */
export const bankLineStatus = pgEnum('bank_line_status', [
  'pending',
  'applied',
  'proposed',
  'unapplied',
  'unidentified',
  'failed',
  'debit',
  // A return or reversal of an earlier receipt (migration 0031): its payment reversed, or not found with the reason.
  'returned',
  'return_unmatched',
]);

/** One imported bank statement file (migration 0026): the same file again in the entity is the same statement. */
export const bankStatements = pgTable(
  'bank_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    legalEntityId: uuid('legal_entity_id')
      .notNull()
      .references(() => legalEntities.id),
    format: bankStatementFormat('format').notNull(),
    /** The statement's own id (camt.053 Stmt/Id), else the file name, else the file's hash. */
    statementRef: text('statement_ref').notNull(),
    /** The firm's account the statement is of (IBAN or other id), when the file says. */
    account: text('account'),
    fileSha256: text('file_sha256').notNull(),
    fileName: text('file_name'),
    lineCount: integer('line_count').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex('bank_statements_file_uq').on(t.legalEntityId, t.fileSha256)],
);

/** What cash application decided for a line, kept for the person who works the unapplied cash. */
export interface BankLineMatch {
  confidence: 'exact' | 'probable' | 'none';
  reasons: string[];
  /** Invoices the line was applied to, or is proposed for: number and amount (decimal string). */
  allocations: { invoice: string; amount: string }[];
  /** Open invoices that could be what the line pays, best first, each with why. */
  candidates: { invoice: string; client: string; open: string; dueDate: string | null; reason: string }[];
  /** The approval request an application waits on, when policy asked for one. */
  approvalRequestId?: string | null;
  /** The code of a refused payment or application. */
  error?: { code: string; message: string } | null;
}

/**
 * One booked entry of a statement. The bank reference is the line's identity in the entity: a
 * line already imported (from this file or an overlapping one) is never stored or recorded again.
 */
export const bankStatementLines = pgTable(
  'bank_statement_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => bankStatements.id),
    legalEntityId: uuid('legal_entity_id')
      .notNull()
      .references(() => legalEntities.id),
    lineNo: integer('line_no').notNull(),
    bankReference: text('bank_reference').notNull(),
    direction: text('direction', { enum: ['credit', 'debit'] }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    bookedOn: date('booked_on').notNull(),
    valueOn: date('value_on'),
    counterpartyName: text('counterparty_name'),
    counterpartyAccount: text('counterparty_account'),
    remittance: text('remittance'),
    /** The payer's end-to-end id (camt.053 Refs/EndToEndId), which a return quotes again. */
    endToEndId: text('end_to_end_id'),
    /** Set when the line returns or reverses an earlier receipt: the bank's reason code and text. */
    returnInfo: jsonb('return_info').$type<{
      reversal: boolean;
      reasonCode: string | null;
      reason: string | null;
    } | null>(),
    status: bankLineStatus('status').notNull().default('pending'),
    clientId: uuid('client_id').references(() => clients.id),
    paymentId: uuid('payment_id').references(() => payments.id),
    match: jsonb('match').$type<BankLineMatch | null>(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('bank_statement_lines_reference_uq').on(t.legalEntityId, t.bankReference),
    index('bank_statement_lines_statement_idx').on(t.statementId, t.lineNo),
    index('bank_statement_lines_account_idx').on(t.legalEntityId, t.counterpartyAccount),
    index('bank_statement_lines_e2e_idx').on(t.legalEntityId, t.endToEndId),
    check('bank_statement_lines_amount_positive', sql`${t.amountMinor} > 0`),
  ],
);
