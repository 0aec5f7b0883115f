import { integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const idempotencyStatus = pgEnum('idempotency_status', ['in_progress', 'completed']);

/**
 * One row per (user, Idempotency-Key) of a POST. Claimed with INSERT ... ON CONFLICT DO NOTHING
 * before the handler runs, so of many identical requests exactly one runs; the others see the
 * claim (in progress) or replay the stored response.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** A user's id, or a service identity's (`service:bank-import`): no foreign key since migration 0027. */
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and the canonical body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    status: idempotencyStatus('status').notNull().default('in_progress'),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseType: text('response_type'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
