import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contracts } from './contracts.ts';
import { people } from './people.ts';
import { projects } from './projects.ts';
import { approvalStatus } from './time-entries.ts';

/** An out-of-pocket cost, possibly rebillable, in the currency it was paid in. */
export const expenses = pgTable(
  'expenses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    externalId: text('external_id').unique(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    personId: uuid('person_id').references(() => people.id),
    incurredOn: date('incurred_on').notNull(),
    category: text('category').notNull(),
    description: text('description').notNull().default(''),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    billable: boolean('billable').notNull().default(true),
    approvalStatus: approvalStatus('approval_status').notNull().default('submitted'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('expenses_contract_date_idx').on(t.contractId, t.incurredOn),
    check('expenses_amount_ck', sql`${t.amountMinor} >= 0`),
  ],
);
