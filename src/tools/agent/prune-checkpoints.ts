import type { ToolDeps } from '../define-tool.ts';
import { checkpointSaverOf } from './checkpoint-saver.ts';

const DAY_MS = 24 * 3_600_000;
/** Threads one transaction deletes at most: a short one that never holds the tables (or the embedded engine) long. */
export const CHECKPOINT_PRUNE_BATCH = 500;

export interface PruneCheckpointsResult {
  /** Threads whose checkpoints were deleted. */
  deleted: number;
  /** Transactions made (the last one found fewer than a batch, or none). */
  batches: number;
  /** Threads whose newest checkpoint is older than this were stale (ISO 8601). */
  before: string;
}

/**
 * The retention of the copilot's LangGraph checkpoints (agent_checkpoints, agent_checkpoint_writes):
 * the threads whose newest checkpoint is more than `retentionDays` old are deleted, `batchSize` threads
 * per transaction, until none is left. A thread that a call still waits on (agent_pending_calls
 * `waiting`) is kept however old: its run resumes from the checkpoint once the request is decided.
 * What goes is the checkpointer's own state, which the engine already writes and deletes outside the
 * catalogue; the turn log and the pending calls stay.
 */
export async function pruneStaleCheckpoints(
  deps: ToolDeps,
  opts: { retentionDays: number; batchSize?: number },
): Promise<PruneCheckpointsResult> {
  const before = new Date(deps.now().getTime() - opts.retentionDays * DAY_MS);
  const batch = opts.batchSize ?? CHECKPOINT_PRUNE_BATCH;
  const saver = checkpointSaverOf(deps.database);
  const out: PruneCheckpointsResult = { deleted: 0, batches: 0, before: before.toISOString() };
  for (;;) {
    const n = await saver.deleteStale(before, batch);
    out.batches += 1;
    out.deleted += n;
    // A short batch is the last: what it did not pick is kept (recent, or waited on).
    if (n < batch) return out;
  }
}
