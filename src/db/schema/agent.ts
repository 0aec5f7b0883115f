import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** One tool call of a turn, as recorded: what was asked, with which arguments, and what policy and the tool answered. */
export interface TurnToolCall {
  tool: string;
  args: unknown;
  /** ok; approval_required (a request opened); refused (policy, role, scope, a decision entry); error (not found, conflict, invalid). */
  outcome: 'ok' | 'approval_required' | 'refused' | 'error';
  code?: string;
  message?: string;
  policyCode?: string;
  requestId?: string;
}

/**
 * Every turn of the copilot (migration 0022): the person's message, the tools called with their
 * arguments, policy's answers, refusals and the reply. Never updated; an auditor searches it
 * (agent_turns_list). The thread's earlier turns are also its memory.
 */
export const agentTurns = pgTable(
  'agent_turns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    threadId: uuid('thread_id').notNull(),
    /** The person the agent acted for. */
    userId: text('user_id').notNull(),
    /** The agent identity's id the calls ran as. */
    actingAs: text('acting_as').notNull(),
    channel: text('channel').notNull(),
    /** router (built-in intents) or model (the configured LLM, by name). */
    engine: text('engine').notNull(),
    message: text('message').notNull(),
    toolCalls: jsonb('tool_calls').$type<TurnToolCall[]>().notNull(),
    /** True when any call was refused or the request was outside what the agent may do. */
    refused: boolean('refused').notNull(),
    reply: text('reply').notNull(),
    correlationId: text('correlation_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('agent_turns_thread_idx').on(t.threadId, t.createdAt),
    index('agent_turns_user_idx').on(t.userId, t.createdAt),
    index('agent_turns_created_idx').on(t.createdAt),
  ],
);

/**
 * A call the agent made that answered approval_required (migration 0023): the conversation's
 * checkpoint. When the request is granted, resuming runs exactly this call once, under
 * idempotencyKey; the row then holds the outcome.
 */
export const agentPendingCalls = pgTable(
  'agent_pending_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id').notNull(),
    threadId: uuid('thread_id').notNull(),
    userId: text('user_id').notNull(),
    tool: text('tool').notNull(),
    args: jsonb('args').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** waiting; done (ran); failed (ran and was refused: args changed, expired); rejected (the request was refused). */
    status: text('status').$type<'waiting' | 'done' | 'failed' | 'rejected'>().notNull().default('waiting'),
    outcome: jsonb('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex('agent_pending_calls_request_thread_uq').on(t.requestId, t.threadId),
    index('agent_pending_calls_thread_idx').on(t.threadId, t.status),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * LangGraph checkpoints of the copilot's model runs (migration 0048), keyed by the conversation's thread
 * id: what a run paused on an approval request resumes from after a restart. Values are LangGraph's
 * serializer output (a type and bytes). Rows live while the run is paused; the engine deletes them when
 * it ends (docs/agent.md, "Checkpoints").
 */
export const agentCheckpoints = pgTable(
  'agent_checkpoints',
  {
    threadId: text('thread_id').notNull(),
    checkpointNs: text('checkpoint_ns').notNull().default(''),
    checkpointId: text('checkpoint_id').notNull(),
    parentCheckpointId: text('parent_checkpoint_id'),
    checkpointType: text('checkpoint_type').notNull(),
    checkpoint: bytea('checkpoint').notNull(),
    metadataType: text('metadata_type').notNull(),
    metadata: bytea('metadata').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'agent_checkpoints_pk', columns: [t.threadId, t.checkpointNs, t.checkpointId] }),
    index('agent_checkpoints_created_idx').on(t.createdAt),
  ],
);

/** Writes of a checkpoint's tasks not yet folded into a checkpoint (migration 0048): interrupts, resumes, node output. */
export const agentCheckpointWrites = pgTable(
  'agent_checkpoint_writes',
  {
    threadId: text('thread_id').notNull(),
    checkpointNs: text('checkpoint_ns').notNull().default(''),
    checkpointId: text('checkpoint_id').notNull(),
    taskId: text('task_id').notNull(),
    idx: integer('idx').notNull(),
    channel: text('channel').notNull(),
    taskPath: text('task_path').notNull().default(''),
    valueType: text('value_type').notNull(),
    value: bytea('value').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'agent_checkpoint_writes_pk',
      columns: [t.threadId, t.checkpointNs, t.checkpointId, t.taskId, t.idx],
    }),
  ],
);
