import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contracts } from './contracts.ts';

export const projectStatus = pgEnum('project_status', ['active', 'on_hold', 'closed']);

/** Delivery work under a contract; time and expenses are logged against a project. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    name: text('name').notNull(),
    status: projectStatus('status').notNull().default('active'),
    projectManager: text('project_manager'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('projects_contract_idx').on(t.contractId)],
);
