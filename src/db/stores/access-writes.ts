import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { apiKeys, userChatLinks, users, type ChatProvider } from '../schema/index.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ChatId, ChatLinkRow } from './chat-link-store.ts';
import type { ApiKeyRow, UserRow } from './user-store.ts';

/*
 * The writes that grant or take away access: users, API keys, chat links. Only the catalogue's
 * users entries (src/tools/users) import this file, under policy and with their audit row; the
 * dependency rule keeps every adapter (api, cli, jobs, agent) away from it.
 */

export interface NewUser {
  email: string;
  name: string;
  kind: 'person' | 'agent';
  roles: string[];
  entityIds: string[] | null;
}

/** Inserts a user; an email already taken (case-insensitive) is refused. */
export async function insertUser(
  db: DbOrTx,
  u: NewUser,
): Promise<Result<UserRow, { code: 'EMAIL_TAKEN'; email: string }>> {
  const [row] = await db.insert(users).values(u).onConflictDoNothing().returning();
  return row ? ok(row) : err({ code: 'EMAIL_TAKEN', email: u.email });
}

/** Stores a key's hash and prefix for a user. */
export async function insertApiKey(
  db: DbOrTx,
  userId: string,
  key: { prefix: string; hash: string },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values({ userId, prefix: key.prefix, keyHash: key.hash }).returning();
  return row!;
}

/** Revokes a key; revoking twice or an unknown key is a typed failure. */
export async function revokeApiKey(
  db: DbOrTx,
  keyId: string,
  at: Date,
): Promise<Result<ApiKeyRow, { code: 'KEY_NOT_FOUND' | 'KEY_ALREADY_REVOKED'; keyId: string }>> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) return ok(row);
  const [existing] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, keyId));
  return err({ code: existing ? 'KEY_ALREADY_REVOKED' : 'KEY_NOT_FOUND', keyId });
}

/** Replaces a user's link for the provider and workspace (at most one). */
export async function putChatLink(db: DbOrTx, userId: string, id: ChatId): Promise<ChatLinkRow> {
  await db
    .delete(userChatLinks)
    .where(
      and(
        eq(userChatLinks.userId, userId),
        eq(userChatLinks.provider, id.provider),
        eq(userChatLinks.workspaceId, id.workspaceId),
      ),
    );
  const [row] = await db
    .insert(userChatLinks)
    .values({ userId, ...id })
    .returning();
  return row!;
}

/** Removes a user's link for the provider and workspace; the removed row or null. */
export async function deleteChatLink(
  db: DbOrTx,
  userId: string,
  provider: ChatProvider,
  workspaceId: string,
): Promise<ChatLinkRow | null> {
  const [row] = await db
    .delete(userChatLinks)
    .where(
      and(
        eq(userChatLinks.userId, userId),
        eq(userChatLinks.provider, provider),
        eq(userChatLinks.workspaceId, workspaceId),
      ),
    )
    .returning();
  return row ?? null;
}
