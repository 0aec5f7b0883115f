import { index, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Granted approval levels, each bound to an action type, target and argument hash (policy's
 * hashArguments). The unique index is segregation of duties as a constraint: one person approves
 * at most one level of the same action, even when two grants race.
 */
export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionType: text('action_type').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    argsHash: text('args_hash').notNull(),
    level: smallint('level').notNull(),
    role: text('role').notNull(),
    approverId: text('approver_id').notNull(),
    /** The approval matrix version of the decision that asked for this level. */
    matrixVersion: integer('matrix_version').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('approvals_one_level_per_approver').on(t.actionType, t.targetId, t.argsHash, t.approverId),
    index('approvals_action_target_idx').on(t.actionType, t.targetId),
  ],
);
