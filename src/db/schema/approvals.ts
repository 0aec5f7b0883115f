import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { JsonValue } from '../../billing/audit/canonical-json.ts';

/**
 * Granted approval levels, each bound to an action type, target and argument hash (policy's
 * hashArguments). The unique index is segregation of duties as a constraint: one person approves
 * at most one level of the same action, even when two grants race.
 */
export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionType: text('action_type').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    argsHash: text('args_hash').notNull(),
    level: smallint('level').notNull(),
    role: text('role').notNull(),
    approverId: text('approver_id').notNull(),
    /** The approval matrix version of the decision that asked for this level. */
    matrixVersion: integer('matrix_version').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('approvals_one_level_per_approver').on(t.actionType, t.targetId, t.argsHash, t.approverId),
    index('approvals_action_target_idx').on(t.actionType, t.targetId),
  ],
);

export const approvalRequestStatus = pgEnum('approval_request_status', [
  'pending',
  'executed',
  'rejected',
  'superseded',
]);

/** One level of a request as stored: the policy ApprovalStep. */
export interface StoredApprovalStep {
  level: number;
  role: string;
  reason: string;
}

/**
 * An action that policy said needs approval (a void, a credit note, a write-off), waiting for its
 * levels. The exact arguments and their hash are kept: approvals granted on the request bind to the
 * hash, and the requester runs the action again once they are all there. Invoice approval itself
 * needs no request: a pending_approval invoice is its own request.
 */
export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionType: text('action_type').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    args: jsonb('args').$type<JsonValue>().notNull(),
    argsHash: text('args_hash').notNull(),
    steps: jsonb('steps').$type<StoredApprovalStep[]>().notNull(),
    matrixVersion: integer('matrix_version').notNull(),
    /** The legal entity of the target, for the approvers' entity scope. */
    legalEntityId: uuid('legal_entity_id'),
    requestedBy: text('requested_by').notNull(),
    requestedFor: text('requested_for'),
    status: approvalRequestStatus('status').notNull().default('pending'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('approval_requests_one_pending_uq')
      .on(t.actionType, t.targetId, t.argsHash)
      .where(sql`${t.status} = 'pending'`),
    index('approval_requests_status_idx').on(t.status),
  ],
);

/**
 * What a requester is told when their approval request is decided (migration 0047): granted (and what
 * their paused copilot call then did), rejected, or granted too late (expired). One per request and
 * person, written with the decision in its transaction (migration 0049; the submitter of an invoice
 * too, one per invoice revision); the chat relay adds what the resumed call did.
 * Read through approval_notices_list whatever channel they asked in (the API, the terminal); read_at
 * is set when they read it there (approval_notices_mark_read) or were told in Slack or Teams.
 */
/** Where a decision notice's chat delivery stands (approval_notices.chat_state). */
export type NoticeChatState =
  | 'queued'
  | 'sending'
  | 'retry'
  | 'unsure'
  | 'delivered'
  | 'failed'
  | 'no_chat'
  | 'read'
  | 'inbox';

export const approvalNotices = pgTable(
  'approval_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The requester: the person the agent asked for, else the one who asked. */
    userId: text('user_id').notNull(),
    /** The approval request decided; null for an invoice's own approval (a pending_approval invoice is its request). */
    requestId: uuid('request_id').references(() => approvalRequests.id),
    /** What was decided (migration 0049): the request's action and target, or invoice.approve on the invoice. */
    actionType: text('action_type').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    /** An invoice's decision: the revision it was decided at (one decision per revision). */
    invoiceRevision: integer('invoice_revision'),
    event: text('event').$type<'granted' | 'rejected' | 'expired'>().notNull(),
    /** The notice in words: the request, the decision, and what the resumed call did. */
    text: text('text').notNull(),
    /** The paused copilot call's outcome once resumed: ran, failed (with the code), rejected; null: no paused call. */
    resumed: jsonb('resumed').$type<{ state: string; code?: string; tool: string } | null>(),
    /** The conversation that waited on it, if any. */
    threadId: uuid('thread_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, precision: 3 }),
    /** Where it was read: api, cli, slack or teams. */
    readVia: text('read_via'),
    /**
     * Its delivery to the person's Slack or Teams direct message (migration 0050, approval_notices_deliver): null =
     * not for chat delivery (a request's notice: the chat relay tells the requester); queued; sending (a try is under
     * way, or was cut off); retry (failed for a passing reason, tried again after chatNextAttemptAt); unsure (a try
     * may have posted: looked up before posting again); delivered; failed (for good: chatLastError says why);
     * no_chat (no chat identity linked); read (read in the API or terminal before it could be delivered); inbox
     * (migration 0052: older than CHAT_NOTICE_MAX_AGE_HOURS when first taken up: left in the API and terminal).
     */
    chatState: text('chat_state').$type<NoticeChatState>(),
    chatAttempts: integer('chat_attempts').notNull().default(0),
    /** When the latest try began (recorded before posting). */
    chatAttemptedAt: timestamp('chat_attempted_at', { withTimezone: true, precision: 3 }),
    chatNextAttemptAt: timestamp('chat_next_attempt_at', { withTimezone: true, precision: 3 }),
    chatDeliveredAt: timestamp('chat_delivered_at', { withTimezone: true, precision: 3 }),
    /** slack or teams: where it was (or was last tried to be) delivered. */
    chatProvider: text('chat_provider'),
    /** Why the last try failed, in words (a Slack error code, an HTTP status: never a token). */
    chatLastError: text('chat_last_error'),
  },
  (t) => [
    uniqueIndex('approval_notices_request_user_uq').on(t.requestId, t.userId),
    uniqueIndex('approval_notices_invoice_decision_uq')
      .on(t.targetId, t.invoiceRevision, t.userId)
      .where(sql`${t.requestId} IS NULL`),
    index('approval_notices_user_idx').on(t.userId, t.createdAt),
    index('approval_notices_chat_due_idx')
      .on(t.createdAt)
      .where(sql`${t.chatState} IN ('queued', 'sending', 'retry', 'unsure')`),
  ],
);
