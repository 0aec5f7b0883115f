import { char, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { legalEntities } from './legal-entities.ts';

/** Someone whose time is billed: default role and cost rate (for margin). */
export const people = pgTable('people', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  email: text('email'),
  role: text('role').notNull(),
  legalEntityId: uuid('legal_entity_id').references(() => legalEntities.id),
  costRate: numeric('cost_rate', { precision: 18, scale: 6 }),
  costCurrency: char('cost_currency', { length: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
