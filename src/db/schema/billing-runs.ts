import { char, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** interrupted: the process running it stopped (killed, crashed) before it finished; see markInterruptedRuns. */
export const billingRunStatus = pgEnum('billing_run_status', ['running', 'completed', 'failed', 'interrupted']);
export const billingEventType = pgEnum('billing_event_type', [
  'period_close',
  'time_approved',
  'milestone_accepted',
  'retainer_period_start',
  'usage_reported',
]);

/** One execution of billing for a period. */
export const billingRuns = pgTable(
  'billing_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    period: char('period', { length: 7 }).notNull(),
    status: billingRunStatus('status').notNull().default('running'),
    trigger: text('trigger').notNull().default('cli'),
    stats: jsonb('stats').$type<Record<string, unknown>>().notNull().default({}),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Database time of the running run's last sign of life; a run whose heartbeat is stale is dead. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('billing_runs_period_idx').on(t.period)],
);

/** Billing events, taken exactly once by event key. */
export const billingEvents = pgTable('billing_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventKey: text('event_key').notNull().unique(),
  type: billingEventType('type').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  result: jsonb('result').$type<Record<string, unknown>>(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
});
