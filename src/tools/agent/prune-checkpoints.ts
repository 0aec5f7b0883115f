import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import type { Result } from '../../shared/result.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { retentionRun } from '../policy-gate/retention-run.ts';
import { defineTool } from '../define-tool.ts';

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
 * What goes is the checkpointer's own state (the turn log and the pending calls stay), under policy
 * like every write: one audit row per run, with the count, whoever ran it.
 */
export const agentCheckpointsPrune = defineTool({
  name: 'agent_checkpoints_prune',
  description:
    "Deletes the copilot's saved conversation states (checkpoints) of threads idle longer than the retention, in " +
    'short batches; a thread a paused call still waits on is kept however old. One audit row per run with the ' +
    'count. Finance admins and service:scheduler (the agent.checkpoints.prune job, AGENT_CHECKPOINT_RETENTION_DAYS).',
  input: z.strictObject({
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .describe("Days a thread's newest checkpoint is kept (AGENT_CHECKPOINT_RETENTION_DAYS)"),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(CHECKPOINT_PRUNE_BATCH)
      .optional()
      .describe(`Threads one transaction deletes at most; default ${CHECKPOINT_PRUNE_BATCH}`),
  }),
  output: z.object({
    deleted: z.number().int().describe('Threads whose checkpoints this run deleted'),
    batches: z.number().int().describe('Delete transactions made'),
    before: z.string().describe('Threads whose newest checkpoint is older than this were stale (ISO 8601)'),
  }),
  risk: 'write',
  policyAction: 'agent_checkpoints.prune',
  // Each batch commits on its own: one transaction over a large delete would hold the tables (and PGlite's engine).
  transaction: 'own',
  handler: async (ctx, input): Promise<Result<PruneCheckpointsResult, GateError>> => {
    const before = new Date(ctx.now.getTime() - input.retentionDays * DAY_MS);
    const action: ActionOf<'agent_checkpoints.prune'> = {
      type: 'agent_checkpoints.prune',
      target: { kind: 'agent_checkpoints', id: 'agent_checkpoints' },
      args: { retentionDays: input.retentionDays, before: before.toISOString() },
    };
    const batchSize = input.batchSize ?? CHECKPOINT_PRUNE_BATCH;
    const prune = async (): Promise<PruneCheckpointsResult> => {
      // LangGraph's checkpoint library (with @langchain/core) is loaded when the job runs, not in every process.
      const { checkpointSaverOf } = await import('./checkpoint-saver.ts');
      const saver = checkpointSaverOf(ctx.deps.database);
      const out: PruneCheckpointsResult = { deleted: 0, batches: 0, before: before.toISOString() };
      for (;;) {
        const n = await saver.deleteStale(before, batchSize);
        out.batches += 1;
        out.deleted += n;
        // A short batch is the last: what it did not pick is kept (recent, or waited on).
        if (n < batchSize) return out;
      }
    };
    return retentionRun(ctx, action, prune, { retentionDays: input.retentionDays, batchSize });
  },
});
