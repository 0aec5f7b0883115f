import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { teamsActivities, teamsConversations } from '../schema/index.ts';

export type TeamsConversationRow = typeof teamsConversations.$inferSelect;

/** Records an activity id; false when it was recorded before (a retried delivery). */
export async function claimTeamsActivity(db: DbOrTx, activityId: string, kind: string, at: Date): Promise<boolean> {
  const rows = await db
    .insert(teamsActivities)
    .values({ activityId, kind, receivedAt: at })
    .onConflictDoNothing()
    .returning({ id: teamsActivities.activityId });
  return rows.length === 1;
}

/** Forgets activity ids received before a time (Bot Framework retries within minutes, not days). */
export async function pruneTeamsActivities(db: DbOrTx, before: Date): Promise<void> {
  await db.delete(teamsActivities).where(lt(teamsActivities.receivedAt, before));
}

/** Stores (or refreshes) where a conversation is reached; an activity without a locale keeps the one known. */
export async function upsertTeamsConversation(db: DbOrTx, row: TeamsConversationRow): Promise<void> {
  const { conversationId, ...rest } = row;
  await db
    .insert(teamsConversations)
    .values(row)
    .onConflictDoUpdate({
      target: teamsConversations.conversationId,
      set: { ...rest, locale: sql`coalesce(excluded.locale, ${teamsConversations.locale})` },
    });
}

/** A stored conversation by its id, or null. */
export async function findTeamsConversation(db: DbOrTx, conversationId: string): Promise<TeamsConversationRow | null> {
  const [row] = await db.select().from(teamsConversations).where(eq(teamsConversations.conversationId, conversationId));
  return row ?? null;
}

/** A person's most recent personal chat with the bot, by tenant ('' = any) and Entra object id, or null. */
export async function findPersonalTeamsConversation(
  db: DbOrTx,
  tenantId: string,
  aadObjectId: string,
): Promise<TeamsConversationRow | null> {
  const [row] = await db
    .select()
    .from(teamsConversations)
    .where(
      and(
        tenantId ? eq(teamsConversations.tenantId, tenantId) : undefined,
        eq(teamsConversations.aadObjectId, aadObjectId),
        eq(teamsConversations.conversationType, 'personal'),
      ),
    )
    .orderBy(desc(teamsConversations.updatedAt))
    .limit(1);
  return row ?? null;
}

/** Forgets a conversation (the app was uninstalled or the bot removed). */
export async function deleteTeamsConversation(db: DbOrTx, conversationId: string): Promise<void> {
  await db.delete(teamsConversations).where(eq(teamsConversations.conversationId, conversationId));
}
