import { bigint, date, index, numeric, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contracts } from './contracts.ts';

export const milestoneStatus = pgEnum('milestone_status', ['pending', 'completed', 'accepted']);

/** A fixed-fee milestone: billed once accepted, by amount or percent of the fixed fee. */
export const milestones = pgTable(
  'milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    name: text('name').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }),
    percent: numeric('percent', { precision: 9, scale: 4 }),
    dueDate: date('due_date'),
    status: milestoneStatus('status').notNull().default('pending'),
    completedOn: date('completed_on'),
    acceptedOn: date('accepted_on'),
    acceptedBy: text('accepted_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('milestones_contract_idx').on(t.contractId)],
);
