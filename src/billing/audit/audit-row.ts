import type { JsonValue } from './canonical-json.ts';

/** The prev_hash of the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What a use case records about one action. before/after/decision are plain data (bigints allowed),
 * stored as JSON; anything JSON cannot carry exactly (a Date, NaN) throws when the entry is appended.
 */
export interface AuditEntry {
  at: Date;
  /** The user or service identity that acted. */
  actorId: string;
  /** The person the agent acted for; null when a person acted directly. */
  onBehalfOf: string | null;
  /** The action type, e.g. 'invoice.approve'. */
  action: string;
  targetType: string;
  targetId: string;
  /** State of the target before the action (null when it did not exist). */
  before: unknown;
  /** State of the target after the action (null when it was removed or nothing changed). */
  after: unknown;
  /** The policy decision the action ran under. */
  decision: unknown;
  /** The approval (or approval request) the action relied on, if any. */
  approvalRef: string | null;
  reason: string | null;
  /** Ties together every row written for one request or agent run. */
  correlationId: string;
}

/** One row of the chain as stored: the entry (JSON columns as plain JSON), its position and hashes. */
export interface AuditRow extends Omit<AuditEntry, 'before' | 'after' | 'decision'> {
  /** 1, 2, 3, ... without gaps, assigned inside the writing transaction. */
  seq: bigint;
  before: JsonValue | null;
  after: JsonValue | null;
  decision: JsonValue | null;
  prevHash: string;
  hash: string;
}

/** The newest row of the chain, kept beside it so a truncated tail is detected. */
export interface ChainHead {
  lastSeq: bigint;
  lastHash: string;
}
