import { char, date, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { taxCategory } from './contracts.ts';

/** Dated exchange rates: quote units per one base unit. */
export const exchangeRates = pgTable(
  'exchange_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    base: char('base', { length: 3 }).notNull(),
    quote: char('quote', { length: 3 }).notNull(),
    rate: numeric('rate', { precision: 24, scale: 12 }).notNull(),
    rateDate: date('rate_date').notNull(),
    source: text('source').notNull().default('manual'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('exchange_rates_pair_date_uq').on(t.base, t.quote, t.rateDate)],
);

/** Tax rates by jurisdiction and category (standard, reduced, zero, exempt, reverse charge). */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdiction: char('jurisdiction', { length: 2 }).notNull(),
    category: taxCategory('category').notNull(),
    ratePercent: numeric('rate_percent', { precision: 7, scale: 4 }).notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    note: text('note'),
  },
  (t) => [unique('tax_rates_key_uq').on(t.jurisdiction, t.category, t.validFrom)],
);
