import {
  bigint,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { legalEntities } from './legal-entities.ts';

export const deliveryChannel = pgEnum('delivery_channel', ['email', 'portal', 'peppol', 'post']);

export interface BillingContact {
  name: string;
  email: string;
  role?: string;
}

/** A customer of the firm, billed by one legal entity. */
export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    legalEntityId: uuid('legal_entity_id')
      .notNull()
      .references(() => legalEntities.id),
    name: text('name').notNull(),
    country: char('country', { length: 2 }).notNull(),
    taxId: text('tax_id'),
    billingContacts: jsonb('billing_contacts').$type<BillingContact[]>().notNull().default([]),
    deliveryChannel: deliveryChannel('delivery_channel').notNull().default('email'),
    poRequired: boolean('po_required').notNull().default(false),
    paymentTermsDays: integer('payment_terms_days').notNull().default(30),
    creditLimitMinor: bigint('credit_limit_minor', { mode: 'bigint' }),
    creditLimitCurrency: char('credit_limit_currency', { length: 3 }),
    accountManager: text('account_manager'),
    language: text('language').notNull().default('en'),
    /** Collections segment (e.g. strategic, standard, small): reminder sequences and worklists group by it. */
    segment: text('segment').notNull().default('standard'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('clients_legal_entity_idx').on(t.legalEntityId)],
);
