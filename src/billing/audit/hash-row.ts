import { createHash } from 'node:crypto';
import { canonicalJson, toJsonValue } from './canonical-json.ts';
import type { AuditEntry, AuditRow } from './audit-row.ts';

/** The hashed content of a row: everything except its own hash and the predecessor's hash. */
export type HashedFields = Omit<AuditRow, 'prevHash' | 'hash'>;

/**
 * The canonical text of a row's content. The seq is part of it, so a row moved to another position
 * no longer matches its hash; `at` is written in ISO form at millisecond precision (the column's).
 */
export function canonicaliseRow(row: HashedFields): string {
  return canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    onBehalfOf: row.onBehalfOf,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
    decision: row.decision,
    approvalRef: row.approvalRef,
    reason: row.reason,
    correlationId: row.correlationId,
  });
}

/** sha256 (hex) of the predecessor's hash and the row's canonical content. */
export function hashRow(prevHash: string, row: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicaliseRow(row)).digest('hex');
}

/**
 * Builds the next row of the chain from an entry: JSON columns normalised to what jsonb gives back
 * (so verification recomputes the same hash), seq and hashes set.
 */
export function chainRow(entry: AuditEntry, seq: bigint, prevHash: string): AuditRow {
  if (Number.isNaN(entry.at.getTime())) throw new TypeError('audit entry has an invalid date');
  const content: HashedFields = {
    seq,
    at: new Date(entry.at.getTime()),
    actorId: entry.actorId,
    onBehalfOf: entry.onBehalfOf,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before == null ? null : toJsonValue(entry.before),
    after: entry.after == null ? null : toJsonValue(entry.after),
    decision: entry.decision == null ? null : toJsonValue(entry.decision),
    approvalRef: entry.approvalRef,
    reason: entry.reason,
    correlationId: entry.correlationId,
  };
  return { ...content, prevHash, hash: hashRow(prevHash, content) };
}
