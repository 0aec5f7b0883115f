import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
