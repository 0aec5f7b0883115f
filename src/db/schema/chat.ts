import {
  check,
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
import { sql } from 'drizzle-orm';

/**
 * What Slack (or Teams) sent, once per event id (migration 0029): a retried delivery finds its id
 * here and does nothing. The payload waits here until it is handled, so work acknowledged but cut
 * off by a restart is taken up again (status received, or working past its claim).
 */
export const chatInboundEvents = pgTable(
  'chat_inbound_events',
  {
    provider: text('provider').notNull(),
    /** Slack's event_id, a slash command's trigger_id, an action's action_ts with its user. */
    eventId: text('event_id').notNull(),
    /** event, command or action. */
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'received' | 'working' | 'done' | 'failed'>().notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'chat_inbound_events_pk', columns: [t.provider, t.eventId] }),
    index('chat_inbound_events_status_idx').on(t.status, t.receivedAt),
    check('chat_inbound_events_status_ck', sql`${t.status} IN ('received', 'working', 'done', 'failed')`),
  ],
);

/** A person a chat notice could not reach: by which provider, why, and where they find it instead. */
export interface UnreachedRecipient {
  provider: string;
  userId: string;
  /** no_conversation: linked, but the bot has no conversation with them (they never installed it or wrote to it). */
  reason: string;
  detail: string;
  fallback: 'inbox';
}

/**
 * The chat outbox (migration 0029): an approval request opened or decided (written in the same
 * transaction as the request or its decision), or a text for a channel (the nightly collections
 * summary), or a text for one person (migration 0035). The relay reads it and tells people in every configured chat tool.
 */
export const chatNotices = pgTable(
  'chat_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<'approval' | 'channel_post' | 'person'>().notNull(),
    requestId: uuid('request_id'),
    /** person: the user to tell (migration 0035), e.g. a client's account manager when dunning escalates. */
    userId: uuid('user_id'),
    event: text('event').$type<'opened' | 'granted' | 'rejected'>(),
    /** channel_post and person: what to post. */
    text: text('text'),
    /** At most one notice per key (a retried nightly job posts its summary once). */
    dedupeKey: text('dedupe_key'),
    /** inbox: nobody could be reached in chat (see unreached); the request waits in the approvals inbox. */
    status: text('status').$type<'queued' | 'sent' | 'failed' | 'inbox'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** Who this notice could not reach in a chat tool and why (migration 0036); they find it in the inbox. */
    unreached: jsonb('unreached').$type<UnreachedRecipient[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('chat_notices_status_idx').on(t.status, t.createdAt),
    uniqueIndex('chat_notices_dedupe_uq').on(t.dedupeKey),
    check('chat_notices_kind_ck', sql`${t.kind} IN ('approval', 'channel_post', 'person')`),
    check('chat_notices_event_ck', sql`${t.event} IS NULL OR ${t.event} IN ('opened', 'granted', 'rejected')`),
    check('chat_notices_status_ck', sql`${t.status} IN ('queued', 'sent', 'failed', 'inbox')`),
  ],
);

/** Where an approval request was shown to a person in a chat tool, so its decision updates that message. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    provider: text('provider').notNull(),
    requestId: uuid('request_id').notNull(),
    userId: uuid('user_id').notNull(),
    channel: text('channel').notNull(),
    /** Slack's message ts; a Teams activity id. */
    messageRef: text('message_ref').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The language the message was written in ('de'), for its update after the decision (migration 0055). */
    language: text('language'),
  },
  (t) => [primaryKey({ name: 'chat_messages_pk', columns: [t.provider, t.requestId, t.userId] })],
);

/** Where a chat relay post stands: see chatNoticePosts. */
export type ChatPostState = 'sending' | 'retry' | 'unsure' | 'delivered' | 'failed';

/**
 * One message the chat relay posts for a notice, recorded before it is posted (migration 0053), per chat tool and
 * place (`user:<id>` for a person's DM, `channel:<id>` for a channel): sending (a try under way, or cut off: looked up
 * before posting again); retry (nothing was posted: may be posted again); unsure (the answer may have followed the
 * post: looked up first); delivered; failed (for good, or it may have posted and the tool cannot tell: never again).
 * The id is the post's mark in the message (Slack's metadata), by which a look-up finds it.
 */
export const chatNoticePosts = pgTable(
  'chat_notice_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => chatNotices.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    target: text('target').notNull(),
    state: text('state').$type<ChatPostState>().notNull(),
    attempts: integer('attempts').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true, precision: 3 }).notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true, precision: 3 }),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('chat_notice_posts_place_uq').on(t.noticeId, t.provider, t.target),
    check('chat_notice_posts_state_ck', sql`${t.state} IN ('sending', 'retry', 'unsure', 'delivered', 'failed')`),
  ],
);
