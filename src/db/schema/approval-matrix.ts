import { sql } from 'drizzle-orm';
import { check, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../../billing/audit/canonical-json.ts';
import { approvalRequests } from './approvals.ts';

/**
 * Versions of the approval matrix that took effect, one row each, from version 2 on: version 1 is
 * the file bundled with the code (src/policy/approval-matrix.v1.json), in force while the table is
 * empty. The newest row is the matrix in force. Append-only: a trigger (same migration) refuses
 * UPDATE, DELETE and TRUNCATE, so a version once in force stays readable as it was.
 */
export const approvalMatrixVersions = pgTable(
  'approval_matrix_versions',
  {
    version: integer('version').primaryKey(),
    /** The validated matrix as canonical JSON (thresholds as decimal strings). */
    matrix: jsonb('matrix').$type<JsonValue>().notNull(),
    /** sha256 of the canonical JSON: what the approval of the change was bound to. */
    sha256: text('sha256').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** Who first proposed exactly these rules. */
    proposedBy: text('proposed_by').notNull(),
    /** The approval request the change was approved on (null only if policy needed no approval). */
    approvalRequestId: uuid('approval_request_id').references(() => approvalRequests.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    check('approval_matrix_versions_after_bundled', sql`${t.version} >= 2`),
    check('approval_matrix_versions_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * Proposed matrices waiting for (or past) their approval, keyed by their sha256, so an approver
 * can read exactly the rules the request's matrixHash pins, and their diff. Append-only too.
 */
export const approvalMatrixProposals = pgTable(
  'approval_matrix_proposals',
  {
    sha256: text('sha256').primaryKey(),
    /** The version it would become; the one it changes is version - 1. */
    version: integer('version').notNull(),
    matrix: jsonb('matrix').$type<JsonValue>().notNull(),
    proposedBy: text('proposed_by').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [check('approval_matrix_proposals_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`)],
);
