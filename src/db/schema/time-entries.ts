import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { contracts } from './contracts.ts';
import { people } from './people.ts';
import { projects } from './projects.ts';

export const approvalStatus = pgEnum('approval_status', ['submitted', 'approved', 'rejected']);

/** Hours a person worked on a project on a day, with approval. contract_id is copied from the project for fast billing scans. */
export const timeEntries = pgTable(
  'time_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    externalId: text('external_id').unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    role: text('role').notNull(),
    workDate: date('work_date').notNull(),
    hours: numeric('hours', { precision: 8, scale: 2 }).notNull(),
    billable: boolean('billable').notNull().default(true),
    description: text('description').notNull().default(''),
    rateQuoted: numeric('rate_quoted', { precision: 18, scale: 6 }),
    approvalStatus: approvalStatus('approval_status').notNull().default('submitted'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('time_entries_contract_date_idx').on(t.contractId, t.workDate),
    // A person's hours on a day are summed by every import (at most 24 a day, docs/limits.md).
    index('time_entries_person_date_idx').on(t.personId, t.workDate),
    // Also time_entries_id_external_idx (id) INCLUDE (external_id), migration 0051: drizzle cannot declare INCLUDE.
    // An invoice's detail reads each entry's external id from it alone.
    check('time_entries_hours_ck', sql`${t.hours} > 0 AND ${t.hours} <= 24`),
  ],
);
