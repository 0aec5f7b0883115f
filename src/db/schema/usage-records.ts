import { bigint, date, index, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contracts } from './contracts.ts';

/** Metered usage reported for a usage-priced contract; event_key makes reporting idempotent. */
export const usageRecords = pgTable(
  'usage_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventKey: text('event_key').notNull().unique(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    occurredOn: date('occurred_on').notNull(),
    quantity: numeric('quantity', { precision: 20, scale: 6 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('usage_contract_date_idx').on(t.contractId, t.occurredOn)],
);
