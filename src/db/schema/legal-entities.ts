import { sql } from 'drizzle-orm';
import { bigint, char, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A company of the firm that issues invoices: its currency, tax registration and gapless numbering. */
export const legalEntities = pgTable('legal_entities', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  country: char('country', { length: 2 }).notNull(),
  functionalCurrency: char('functional_currency', { length: 3 }).notNull(),
  taxRegistration: text('tax_registration'),
  address: text('address'),
  invoicePrefix: text('invoice_prefix').notNull(),
  /** Where clients pay (reminders print it): an IBAN with BIC, or an account number with its routing code. */
  bankName: text('bank_name'),
  iban: text('iban'),
  bic: text('bic'),
  accountNumber: text('account_number'),
  routingCode: text('routing_code'),
  /** The next invoice number; taken under a row lock in the approving transaction, so no gaps. */
  nextInvoiceNumber: bigint('next_invoice_number', { mode: 'bigint' }).notNull().default(sql`1`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
