import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Bot Framework activities already taken in (migration 0030), by activity id: a retried delivery
 * of the same message or card click is recognised and does nothing twice.
 */
export const teamsActivities = pgTable(
  'teams_activities',
  {
    activityId: text('activity_id').primaryKey(),
    /** message, invoke, submit: what the activity was. */
    kind: text('kind').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('teams_activities_received_idx').on(t.receivedAt)],
);

/**
 * Where the bot can write to in Teams (migration 0030): one row per conversation the bot was in,
 * with the service URL the Bot Connector gave, so it can message a person (their personal chat)
 * or a channel later, unprompted (approval cards, the collections summary).
 */
export const teamsConversations = pgTable(
  'teams_conversations',
  {
    conversationId: text('conversation_id').primaryKey(),
    tenantId: text('tenant_id').notNull().default(''),
    serviceUrl: text('service_url').notNull(),
    /** personal, groupChat or channel. */
    conversationType: text('conversation_type').notNull(),
    /** The bot's own id in the conversation (28:<app id>). */
    botId: text('bot_id').notNull(),
    /** For a personal chat: the person's Entra object id; null for group chats and channels. */
    aadObjectId: text('aad_object_id'),
    /**
     * The person's Teams locale (a BCP-47 tag, "fr-FR") from the latest activity that carried one (migration 0054):
     * the language of the cards and notices sent to them later. Null: never told (English).
     */
    locale: text('locale'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('teams_conversations_person_idx').on(t.tenantId, t.aadObjectId, t.updatedAt)],
);
