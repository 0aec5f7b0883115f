import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { userChatLinks, users, type ChatProvider } from '../schema/index.ts';

export type ChatLinkRow = typeof userChatLinks.$inferSelect;

/** Who a chat id belongs to: provider, workspace ('' when none) and the chat tool's user id. */
export interface ChatId {
  provider: ChatProvider;
  workspaceId: string;
  externalId: string;
}

/** The link a chat id has, or null. */
export async function findChatLink(db: DbOrTx, id: ChatId): Promise<ChatLinkRow | null> {
  const [row] = await db
    .select()
    .from(userChatLinks)
    .where(
      and(
        eq(userChatLinks.provider, id.provider),
        eq(userChatLinks.workspaceId, id.workspaceId),
        eq(userChatLinks.externalId, id.externalId),
      ),
    );
  return row ?? null;
}

/** A user's link for a provider and workspace, or null. */
export async function findUserChatLink(
  db: DbOrTx,
  userId: string,
  provider: ChatProvider,
  workspaceId: string,
): Promise<ChatLinkRow | null> {
  const [row] = await db
    .select()
    .from(userChatLinks)
    .where(
      and(
        eq(userChatLinks.userId, userId),
        eq(userChatLinks.provider, provider),
        eq(userChatLinks.workspaceId, workspaceId),
      ),
    );
  return row ?? null;
}

/** A page of links with their users' emails, by email then provider and workspace, and how many links there are. */
export async function pageChatLinks(
  db: DbOrTx,
  limit: number,
  offset: number,
): Promise<{ rows: (ChatLinkRow & { email: string })[]; total: number }> {
  const rows = await db
    .select({
      userId: userChatLinks.userId,
      provider: userChatLinks.provider,
      workspaceId: userChatLinks.workspaceId,
      externalId: userChatLinks.externalId,
      createdAt: userChatLinks.createdAt,
      email: users.email,
    })
    .from(userChatLinks)
    .innerJoin(users, eq(users.id, userChatLinks.userId))
    .orderBy(asc(users.email), asc(userChatLinks.provider), asc(userChatLinks.workspaceId), asc(userChatLinks.userId))
    .limit(limit)
    .offset(offset);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(userChatLinks);
  return { rows, total: Number(count?.n ?? 0) };
}

/** The links of these users, by provider and workspace. */
export async function chatLinksOfUsers(db: DbOrTx, userIds: readonly string[]): Promise<ChatLinkRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select()
    .from(userChatLinks)
    .where(inArray(userChatLinks.userId, [...userIds]))
    .orderBy(asc(userChatLinks.provider), asc(userChatLinks.workspaceId));
}
