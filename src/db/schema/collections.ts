import {
  bigint,
  char,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  check,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { clients } from './clients.ts';
import { invoices } from './invoices.ts';
import { users } from './users.ts';

/** A trained (or prior-only) risk model version: the model as JSON with its metrics; never edited. */
export const riskModels = pgTable('risk_models', {
  version: integer('version').primaryKey(),
  kind: text('kind').$type<'trained' | 'prior'>().notNull(),
  trainedThrough: date('trained_through').notNull(),
  trainedBy: text('trained_by').notNull(),
  trainedAt: timestamp('trained_at', { withTimezone: true, precision: 3 }).notNull(),
  metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull(),
  model: jsonb('model').$type<Record<string, unknown>>().notNull(),
});

/**
 * An invoice's dispute probability as a risk model version saw it at issue (it reads only the client's
 * history before the issue date): written when the invoice is posted, or by the first prioritization
 * that finds it missing, and read by every later one. model_hash is the sha256 of the stored model.
 * The invoice and the model are checked set-based when scores are written (writeDisputeScores), not by
 * foreign keys, and deleting either deletes its scores by a statement-level trigger (migration 0044).
 */
export const invoiceDisputeScores = pgTable(
  'invoice_dispute_scores',
  {
    invoiceId: uuid('invoice_id').notNull(),
    modelVersion: integer('model_version').notNull(),
    modelHash: text('model_hash').notNull(),
    probability: numeric('probability').notNull(),
    scoredAt: timestamp('scored_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'invoice_dispute_scores_pk', columns: [t.invoiceId, t.modelVersion] }),
    check('invoice_dispute_scores_probability_ck', sql`${t.probability} >= 0 AND ${t.probability} <= 1`),
  ],
);

/** The collector who works a client's receivables (one per client). */
export const clientCollectors = pgTable(
  'client_collectors',
  {
    clientId: uuid('client_id')
      .primaryKey()
      .references(() => clients.id),
    collectorId: uuid('collector_id')
      .notNull()
      .references(() => users.id),
    assignedBy: text('assigned_by').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('client_collectors_collector_idx').on(t.collectorId)],
);

/** One prioritization run per as-of date: re-running the date returns this run unchanged. */
export const worklistRuns = pgTable(
  'worklist_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    asOf: date('as_of').notNull(),
    modelVersion: integer('model_version').references(() => riskModels.version),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('worklist_runs_as_of_uq').on(t.asOf)],
);

/**
 * A ranked open receivable of a run, with its proposed next action and reasons. Its run, invoice and
 * collector are checked set-based when the run is written (copyRankedItems, rankStagedRows), not by
 * foreign keys: row by row they cost more than the rest of the ranking (migration 0040).
 */
export const worklistItems = pgTable(
  'worklist_items',
  {
    runId: uuid('run_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    collectorId: uuid('collector_id'),
    rank: integer('rank').notNull(),
    priority: numeric('priority', { precision: 20, scale: 4 }).notNull(),
    action: text('action').notNull(),
    step: text('step'),
    reasons: jsonb('reasons').$type<string[]>().notNull(),
    openMinor: bigint('open_minor', { mode: 'bigint' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    daysPastDue: integer('days_past_due').notNull(),
    lateProbability: numeric('late_probability', { precision: 6, scale: 4 }).notNull(),
    expectedDaysLate: numeric('expected_days_late', { precision: 8, scale: 2 }).notNull(),
    disputeProbability: numeric('dispute_probability', { precision: 6, scale: 4 }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'worklist_items_pk', columns: [t.runId, t.invoiceId] }),
    index('worklist_items_collector_idx').on(t.runId, t.collectorId, t.rank),
  ],
);

/**
 * A run's scored rows before ranking (UNLOGGED in the migration: they live for one run), on PGlite
 * (a server's run ranks them in the process and writes them once). The run ranks them into
 * worklist_items in one statement and deletes them; see prioritize-collections.ts.
 */
export const worklistStaging = pgTable('worklist_staging', {
  buildId: uuid('build_id').notNull(),
  invoiceId: uuid('invoice_id').notNull(),
  collectorId: uuid('collector_id'),
  priority: numeric('priority', { precision: 20, scale: 4 }).notNull(),
  action: text('action').notNull(),
  step: text('step'),
  /** The reasons joined by U+001F (jsonb in worklist_items). */
  reasons: text('reasons').notNull(),
  openMinor: bigint('open_minor', { mode: 'bigint' }).notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  daysPastDue: integer('days_past_due').notNull(),
  lateProbability: numeric('late_probability', { precision: 6, scale: 4 }).notNull(),
  expectedDaysLate: numeric('expected_days_late', { precision: 8, scale: 2 }).notNull(),
  disputeProbability: numeric('dispute_probability', { precision: 6, scale: 4 }).notNull(),
  stagedAt: timestamp('staged_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
