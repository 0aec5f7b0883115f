import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A person signs in with their own roles; the agent is a service identity that always acts for a named person. */
export const userKind = pgEnum('user_kind', ['person', 'agent']);

/** Someone (or the agent) who may call the API: roles, and the legal entities they may act in (null = all). */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    kind: userKind('kind').notNull().default('person'),
    roles: text('roles').array().notNull(),
    /** Legal entity ids this user may act in; null means every entity. */
    entityIds: uuid('entity_ids').array(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Emails compare case-insensitively: X-On-Behalf-Of names a user by email.
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`),
    check('users_roles_ck', sql`cardinality(${t.roles}) > 0`),
  ],
);

/**
 * API keys: only the SHA-256 of the key is stored, never the key. The key is shown once, when it is
 * created; prefix is its first characters, enough to tell keys apart in a list.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    prefix: text('prefix').notNull(),
    /** Hex SHA-256 of the whole key. */
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash), index('api_keys_user_idx').on(t.userId)],
);

export const CHAT_PROVIDERS = ['slack', 'teams'] as const;
export type ChatProvider = (typeof CHAT_PROVIDERS)[number];

/**
 * A user's identity in a chat tool (migration 0020): a message from this Slack or Teams user, in
 * this workspace (Slack team id, Teams tenant id; '' when not given), is this user's. One link per
 * user, provider and workspace; one user per chat id.
 */
export const userChatLinks = pgTable(
  'user_chat_links',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    provider: text('provider').$type<ChatProvider>().notNull(),
    workspaceId: text('workspace_id').notNull().default(''),
    /** Slack user id (U0123ABC), or the Teams user's Microsoft Entra object id. */
    externalId: text('external_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'user_chat_links_pk', columns: [t.provider, t.workspaceId, t.externalId] }),
    uniqueIndex('user_chat_links_user_provider_uq').on(t.userId, t.provider, t.workspaceId),
    check('user_chat_links_provider_ck', sql`${t.provider} IN ('slack', 'teams')`),
  ],
);
