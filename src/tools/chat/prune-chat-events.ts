import { z } from 'zod';
import { pruneFinishedInboundEvents } from '../../db/stores/chat-notice-store.ts';
import type { ActionOf } from '../../policy/actions.ts';
import type { Result } from '../../shared/result.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { retentionRun } from '../policy-gate/retention-run.ts';
import { defineTool } from '../define-tool.ts';

const DAY_MS = 24 * 3_600_000;
/**
 * How long a finished record is kept at the least, whatever the retention: its id is what makes a
 * redelivered event do nothing (Slack retries for about 30 minutes, Bot Framework within minutes). A
 * day is the smallest retention configuration allows, so this holds by construction; it is checked
 * here again so that no input can let a redelivery inside the window be answered twice.
 */
export const CHAT_DEDUPE_WINDOW_MS = DAY_MS;
/** Rows one statement deletes at most: a short statement that never holds the table (or the embedded engine) long. */
export const PRUNE_BATCH = 1000;
/** Statements one run makes at most (100,000 rows); what is left goes at the next run. */
export const PRUNE_MAX_BATCHES = 100;

export interface PruneChatEventsResult {
  deleted: number;
  batches: number;
  /** Records received and settled before this were eligible. */
  before: string;
  /** The last batch was full when the run stopped at its batch limit: more may wait for the next run. */
  more: boolean;
}

/**
 * Deletes the records of chat messages handled long ago: chat_inbound_events rows done or failed for
 * good, received and settled more than `retentionDays` ago (never less than the redelivery window), in
 * statements of at most `batchSize` rows, each committed on its own so no long transaction holds the
 * table. Received and working rows stay, however old. One audit row per run, with the count.
 */
export const chatEventsPrune = defineTool({
  name: 'chat_events_prune',
  description:
    'Deletes the records of Slack and Teams messages handled long ago (done, or failed for good) that are older ' +
    'than the retention, in short batches; messages waiting or being worked on stay. One audit row per run with ' +
    'the count. Finance admins and service:scheduler (the chat.events.prune job, CHAT_EVENTS_RETENTION_DAYS).',
  input: z.strictObject({
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .describe('Days a finished record is kept after it was received and settled (CHAT_EVENTS_RETENTION_DAYS)'),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(PRUNE_BATCH)
      .optional()
      .describe(`Rows one statement deletes at most; default ${PRUNE_BATCH}`),
    maxBatches: z
      .number()
      .int()
      .min(1)
      .max(PRUNE_MAX_BATCHES)
      .optional()
      .describe(`Statements one run makes at most; default ${PRUNE_MAX_BATCHES}`),
  }),
  output: z.object({
    deleted: z.number().int().describe('Records deleted by this run'),
    batches: z.number().int().describe('Delete statements made'),
    before: z.string().describe('Records received and settled before this time were eligible (ISO 8601)'),
    more: z.boolean().describe('The run stopped at its batch limit with a full last batch: more may wait'),
  }),
  risk: 'write',
  policyAction: 'chat_events.prune',
  // Each batch commits on its own: one transaction over a large delete would hold the table (and PGlite's engine) long.
  transaction: 'own',
  handler: async (ctx, input): Promise<Result<PruneChatEventsResult, GateError>> => {
    const keep = Math.max(input.retentionDays * DAY_MS, CHAT_DEDUPE_WINDOW_MS);
    const before = new Date(ctx.now.getTime() - keep);
    const action: ActionOf<'chat_events.prune'> = {
      type: 'chat_events.prune',
      target: { kind: 'chat_events', id: 'chat_inbound_events' },
      args: { retentionDays: input.retentionDays, before: before.toISOString() },
    };
    const batchSize = input.batchSize ?? PRUNE_BATCH;
    const maxBatches = input.maxBatches ?? PRUNE_MAX_BATCHES;
    const prune = async (): Promise<PruneChatEventsResult> => {
      const out: PruneChatEventsResult = { deleted: 0, batches: 0, before: before.toISOString(), more: false };
      while (out.batches < maxBatches) {
        const n = await pruneFinishedInboundEvents(ctx.deps.database.db, before, batchSize);
        out.batches += 1;
        out.deleted += n;
        if (n < batchSize) break;
        out.more = out.batches === maxBatches;
      }
      return out;
    };
    return retentionRun(ctx, action, prune, { retentionDays: input.retentionDays, batchSize, maxBatches });
  },
});
