import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../../billing/audit/canonical-json.ts';

/**
 * The append-only audit trail: one row per action, each carrying its predecessor's hash. Rows are
 * written by appendAudit only; a trigger (migration 0004_audit_immutable) rejects UPDATE, DELETE
 * and TRUNCATE. `at` keeps milliseconds, the precision the hash covers.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'bigint' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: text('actor_id').notNull(),
    onBehalfOf: text('on_behalf_of'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    before: jsonb('before').$type<JsonValue>(),
    after: jsonb('after').$type<JsonValue>(),
    policyDecision: jsonb('policy_decision').$type<JsonValue>(),
    approvalRef: text('approval_ref'),
    reason: text('reason'),
    correlationId: text('correlation_id').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_correlation_idx').on(t.correlationId),
    index('audit_log_actor_idx').on(t.actorId, t.at),
  ],
);

/**
 * The chain head: one row holding the last seq and hash. Appenders lock it (SELECT ... FOR UPDATE),
 * which serialises them and keeps seq gapless; verification compares the chain's end with it.
 */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: smallint('id').primaryKey(),
    lastSeq: bigint('last_seq', { mode: 'bigint' }).notNull(),
    lastHash: text('last_hash').notNull(),
  },
  (t) => [check('audit_chain_head_single_row', sql`${t.id} = 1`)],
);
