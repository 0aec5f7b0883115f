import { eq, inArray } from 'drizzle-orm';
import {
  compareCheckpoint,
  signCheckpoint,
  type Checkpoint,
  type CheckpointBreak,
  type ReadCheckpoint,
} from '../../billing/audit/checkpoint.ts';
import { GENESIS_HASH, type ChainHead } from '../../billing/audit/audit-row.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../client.ts';
import { auditChainHead, auditLog } from '../schema/audit.ts';

/** The chain head as stored (seq 0 and the genesis hash before the first append). */
export async function readChainHead(db: DbOrTx): Promise<ChainHead> {
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  return head ? { lastSeq: head.lastSeq, lastHash: head.lastHash } : { lastSeq: 0n, lastHash: GENESIS_HASH };
}

/** A signed checkpoint of the head as it stands now. */
export async function takeCheckpoint(db: DbOrTx, key: string, at: Date): Promise<Checkpoint> {
  return signCheckpoint(await readChainHead(db), at, key);
}

/**
 * Checks checkpoints (already read and signature-checked) against the chain: the first one whose
 * seq is beyond the head, or whose row's hash differs, is the break. One read of the head and one
 * of the rows at the checkpoints' seqs.
 */
export async function checkCheckpoints(
  db: DbOrTx,
  checkpoints: readonly ReadCheckpoint[],
): Promise<Result<{ checked: number; head: ChainHead }, CheckpointBreak>> {
  const head = await readChainHead(db);
  const seqs = [...new Set(checkpoints.map((c) => c.seq).filter((s) => s > 0n))];
  const rows = seqs.length
    ? await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(inArray(auditLog.seq, seqs))
    : [];
  const hashAt = new Map(rows.map((r) => [r.seq, r.hash]));
  // The newest checkpoint first: the highest seq names the largest cut.
  for (const cp of [...checkpoints].sort((a, b) => (a.seq === b.seq ? 0 : a.seq > b.seq ? -1 : 1))) {
    const broken = compareCheckpoint(cp, head, hashAt.get(cp.seq) ?? null);
    if (broken) return err(broken);
  }
  return ok({ checked: checkpoints.length, head });
}
