import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { JsonValue } from '../../billing/audit/canonical-json.ts';
import {
  approvalMatrixJson,
  bundledMatrixV1,
  parseWrittenMatrix,
  type ApprovalMatrix,
  type WrittenMatrix,
} from '../../policy/approval-matrix.ts';
import { queryRows, type DbOrTx } from '../client.ts';
import { approvalMatrixProposals, approvalMatrixVersions, approvalRequests } from '../schema/index.ts';

/** A version of the approval matrix as it took effect. */
export interface MatrixVersion {
  version: number;
  sha256: string;
  matrix: ApprovalMatrix;
  effectiveFrom: string;
  /** bundled: version 1, the file shipped with the code; stored: a row of approval_matrix_versions. */
  source: 'bundled' | 'stored';
  /** Rules this version predates, in force as approval-matrix.added-rules.json has them (sha256 pins the version as written). */
  addedRules: WrittenMatrix['addedRules'];
  proposedBy: string | null;
  approvalRequestId: string | null;
  /** When it took effect; null for the bundled version (in force from the start). */
  createdAt: Date | null;
}

/** A version without its rules, for lists. */
export type MatrixVersionSummary = Omit<MatrixVersion, 'matrix'>;

/** Version 1: the bundled file, in force while no version is stored. */
export const BUNDLED_MATRIX: MatrixVersion = {
  version: bundledMatrixV1.matrix.version,
  sha256: bundledMatrixV1.sha256,
  matrix: bundledMatrixV1.matrix,
  effectiveFrom: bundledMatrixV1.matrix.effectiveFrom,
  source: 'bundled',
  addedRules: bundledMatrixV1.addedRules,
  proposedBy: null,
  approvalRequestId: null,
  createdAt: null,
};

type VersionRow = typeof approvalMatrixVersions.$inferSelect;

// Stored versions never change (append-only), so a (version, sha256) parsed once is good for the process.
const parsed = new Map<string, MatrixVersion>();

const HEAD = sql`SELECT version, sha256 FROM approval_matrix_versions ORDER BY version DESC LIMIT 1`;

/**
 * The matrix in force: the newest stored version, else the bundled version 1. One read of the
 * newest row's version and hash (a primary-key index scan, no JSON); the JSON is read and validated
 * only the first time this process meets that (version, sha256). Called inside the writing
 * transaction, it sees every change committed before the transaction's statement, from any process.
 */
export async function currentMatrix(db: DbOrTx): Promise<MatrixVersion> {
  const [head] = await queryRows<{ version: number; sha256: string }>(db, HEAD);
  if (!head) return (lastSeen = BUNDLED_MATRIX);
  const hit = parsed.get(`${head.version}:${head.sha256}`);
  if (hit) return (lastSeen = hit);
  const found = await getMatrixVersion(db, Number(head.version));
  if (!found)
    throw new Error(`approval_matrix_versions: version ${head.version} vanished under an append-only trigger`);
  return (lastSeen = found);
}

/** The version currentMatrix last found in force, in any database this process reads; null before the first read. */
let lastSeen: MatrixVersion | null = null;

/**
 * The matrix this process last found in force, for a one-statement commit that decides before it
 * reads (callTool's oneStatement): `stillInForce` is the condition, inside that statement, that it is
 * still the one in force there, so a change committed meanwhile (or another database's matrix) makes
 * the statement write nothing and the call decide again the usual way. Null before any read.
 */
export function lastMatrixInForce(): { version: number; matrix: ApprovalMatrix; stillInForce: SQL } | null {
  const v = lastSeen;
  if (!v) return null;
  const stillInForce =
    v.source === 'bundled'
      ? sql`NOT EXISTS (SELECT 1 FROM approval_matrix_versions)`
      : sql`EXISTS (SELECT 1 FROM (${HEAD}) h WHERE h.version = ${v.version} AND h.sha256 = ${v.sha256})`;
  return { version: v.version, matrix: v.matrix, stillInForce };
}

/** One version with its rules, or null when there is no such version. */
export async function getMatrixVersion(db: DbOrTx, version: number): Promise<MatrixVersion | null> {
  if (version === BUNDLED_MATRIX.version) return BUNDLED_MATRIX;
  const [row] = await db.select().from(approvalMatrixVersions).where(eq(approvalMatrixVersions.version, version));
  if (!row) return null;
  const key = `${row.version}:${row.sha256}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const v = toVersion(row);
  parsed.set(key, v);
  return v;
}

/**
 * A stored version as it is in force: its rules as written (checked against its sha256) plus the
 * rules added to the code since it was written.
 */
function toVersion(row: VersionRow): MatrixVersion {
  const p = parseWrittenMatrix(row.matrix);
  // A stored version was validated before it was written: failing now is corruption, not input.
  if (!p.ok)
    throw new Error(`approval_matrix_versions ${row.version} no longer validates: ${p.error.issues.join('; ')}`);
  if (p.value.matrix.version !== row.version || p.value.sha256 !== row.sha256) {
    throw new Error(`approval_matrix_versions ${row.version}: the stored rules do not match their version or sha256`);
  }
  return { ...summaryOf(row), addedRules: p.value.addedRules, matrix: p.value.matrix };
}

const summaryOf = (row: VersionRow): Omit<MatrixVersionSummary, 'addedRules'> => ({
  version: row.version,
  sha256: row.sha256,
  effectiveFrom: row.effectiveFrom,
  source: 'stored',
  proposedBy: row.proposedBy,
  approvalRequestId: row.approvalRequestId,
  createdAt: row.createdAt,
});

/** Versions newest first (the bundled version 1 last), a page at a time, and how many there are. */
export async function listMatrixVersions(
  db: DbOrTx,
  page: { limit: number; offset: number },
): Promise<{ items: MatrixVersionSummary[]; total: number }> {
  const [{ stored } = { stored: 0 }] = await db.select({ stored: count() }).from(approvalMatrixVersions);
  const rows = await db
    .select()
    .from(approvalMatrixVersions)
    .orderBy(desc(approvalMatrixVersions.version))
    .limit(page.limit)
    .offset(page.offset);
  const items: MatrixVersionSummary[] = rows.map((row) => {
    const { matrix: _rules, ...summary } = toVersion(row);
    return summary;
  });
  // The bundled version sits at index `stored`, after every stored one.
  if (page.offset <= stored && stored < page.offset + page.limit) {
    const { matrix: _rules, ...bundled } = BUNDLED_MATRIX;
    items.push(bundled);
  }
  return { items, total: stored + 1 };
}

/**
 * Serialises changes of the matrix: a transaction-scoped advisory lock, taken before reading the
 * version in force, so of two changes to the same next version the second sees the first's row.
 * The primary key on version would refuse the second anyway; the lock makes it a clean conflict.
 */
export async function lockMatrixChanges(tx: DbOrTx): Promise<void> {
  // 0x61706d78 = 'apmx': an arbitrary key no other lock in the application uses.
  await queryRows(tx, sql`SELECT pg_advisory_xact_lock(1634758008)`);
}

export interface NewMatrixVersion {
  matrix: ApprovalMatrix;
  sha256: string;
  proposedBy: string;
  approvalRequestId: string | null;
  createdAt: Date;
}

/** Appends a version; it is in force for every decision after the transaction commits. */
export async function insertMatrixVersion(tx: DbOrTx, v: NewMatrixVersion): Promise<MatrixVersion> {
  const [row] = await tx
    .insert(approvalMatrixVersions)
    .values({
      version: v.matrix.version,
      matrix: approvalMatrixJson(v.matrix),
      sha256: v.sha256,
      effectiveFrom: v.matrix.effectiveFrom,
      proposedBy: v.proposedBy,
      approvalRequestId: v.approvalRequestId,
      createdAt: v.createdAt,
    })
    .returning();
  const version = { ...summaryOf(row!), addedRules: [], matrix: v.matrix };
  parsed.set(`${version.version}:${version.sha256}`, version);
  return version;
}

/** A proposed matrix, kept by its sha256 so approvers can read what they approve. */
export interface MatrixProposal {
  sha256: string;
  version: number;
  matrix: ApprovalMatrix;
  matrixJson: JsonValue;
  proposedBy: string;
  reason: string;
  createdAt: Date;
}

/** Keeps a proposal; the same rules proposed again keep their first proposer and reason. */
export async function recordProposal(
  tx: DbOrTx,
  p: { matrix: ApprovalMatrix; sha256: string; proposedBy: string; reason: string; createdAt: Date },
): Promise<void> {
  await tx
    .insert(approvalMatrixProposals)
    .values({
      sha256: p.sha256,
      version: p.matrix.version,
      matrix: approvalMatrixJson(p.matrix),
      proposedBy: p.proposedBy,
      reason: p.reason,
      createdAt: p.createdAt,
    })
    .onConflictDoNothing();
}

/** The proposal with this sha256, or null. */
export async function getProposal(db: DbOrTx, sha256: string): Promise<MatrixProposal | null> {
  const [row] = await db.select().from(approvalMatrixProposals).where(eq(approvalMatrixProposals.sha256, sha256));
  if (!row) return null;
  // A proposal kept before a rule was added reads with it filled in; its hash pins it as written.
  const p = parseWrittenMatrix(row.matrix);
  if (!p.ok || p.value.sha256 !== row.sha256)
    throw new Error(`approval_matrix_proposals ${row.sha256}: the stored rules do not match their sha256`);
  return {
    sha256: row.sha256,
    version: row.version,
    matrix: p.value.matrix,
    matrixJson: row.matrix,
    proposedBy: row.proposedBy,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}

/**
 * Ends the pending requests to change the matrix, once a change took effect: each was for a version
 * number now taken, so it can never run. Returns their ids.
 */
export async function supersedePendingChanges(tx: DbOrTx, now: Date): Promise<string[]> {
  const rows = await tx
    .update(approvalRequests)
    .set({ status: 'superseded', decidedAt: now })
    .where(and(eq(approvalRequests.actionType, 'approval_matrix.change'), eq(approvalRequests.status, 'pending')))
    .returning({ id: approvalRequests.id });
  return rows.map((r) => r.id).sort();
}
