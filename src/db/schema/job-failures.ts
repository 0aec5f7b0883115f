import { bigint, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per failed attempt of a background job (migration 0021), with the business object it
 * concerns, so an operator asks "why did this document not process?" by the document's id. The
 * job queue (pg-boss, schema pgboss) keeps jobs only for a while; this record stays.
 */
export const jobFailures = pgTable(
  'job_failures',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    queue: text('queue').notNull(),
    jobId: text('job_id').notNull(),
    /** 1 for the first try. */
    attempt: integer('attempt').notNull(),
    /** False once the retries are used up: the job has failed for good. */
    willRetry: boolean('will_retry').notNull(),
    /** Earliest time of the next attempt (backoff), when one follows. */
    retryAt: timestamp('retry_at', { withTimezone: true }),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    /** The service identity the job acted as (service:job-worker, service:scheduler). */
    actedAs: text('acted_as').notNull(),
    /** The error's message, secrets redacted, at most 1,000 characters. */
    error: text('error').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('job_failures_object_idx').on(t.objectType, t.objectId, t.failedAt),
    index('job_failures_failed_at_idx').on(t.failedAt),
    index('job_failures_job_idx').on(t.jobId),
  ],
);
