import { and, eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { findChatLink } from '../../db/stores/chat-link-store.ts';
import {
  claimTeamsActivity,
  deleteTeamsConversation,
  findPersonalTeamsConversation,
  findTeamsConversation,
  pruneTeamsActivities,
  upsertTeamsConversation,
  type TeamsConversationRow,
} from '../../db/stores/teams-store.ts';
import { toIdentity, type Identity } from '../../policy/identity.ts';
import type { ToolDeps } from '../define-tool.ts';

/**
 * What the Teams bot reads and records besides catalogue calls. Not catalogue entries: like the
 * turn log, this is infrastructure of the channel (who a Teams user is, which deliveries were seen,
 * where a person or channel is reached), never a change to the books.
 */

export type { TeamsConversationRow };

/** How long an activity id is remembered: Bot Framework retries a delivery within minutes. */
const REMEMBER_MS = 7 * 24 * 3_600_000;

/** The active person a Teams user (tenant id, Entra object id) is linked to, or null (unlinked, inactive, the agent). */
export async function linkedTeamsUser(deps: ToolDeps, tenantId: string, aadObjectId: string): Promise<Identity | null> {
  const db = deps.database.db;
  const link =
    (await findChatLink(db, { provider: 'teams', workspaceId: tenantId, externalId: aadObjectId })) ??
    // A link made without --workspace is for the firm's only tenant.
    (await findChatLink(db, { provider: 'teams', workspaceId: '', externalId: aadObjectId }));
  if (!link) return null;
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, link.userId), eq(users.active, true), eq(users.kind, 'person')));
  return user ? toIdentity(user) : null;
}

/** Takes in an activity id once: false when it was taken in before (a retry: do nothing again). */
export async function claimTeamsActivityOnce(deps: ToolDeps, activityId: string, kind: string): Promise<boolean> {
  const now = deps.now();
  const first = await claimTeamsActivity(deps.database.db, activityId, kind, now);
  // Now and then (by the id's last character, ~1 in 16), old ids are let go: the table stays small.
  if (first && activityId.endsWith('0'))
    await pruneTeamsActivities(deps.database.db, new Date(now.getTime() - REMEMBER_MS));
  return first;
}

/** Remembers where a conversation is reached, for messages the bot sends unprompted later. */
export async function rememberTeamsConversation(
  deps: ToolDeps,
  c: Omit<TeamsConversationRow, 'updatedAt'>,
): Promise<void> {
  await upsertTeamsConversation(deps.database.db, { ...c, updatedAt: deps.now() });
}

/** A stored conversation (a channel's, for the collections summary), or null. */
export const teamsConversation = (deps: ToolDeps, conversationId: string): Promise<TeamsConversationRow | null> =>
  findTeamsConversation(deps.database.db, conversationId);

/** A person's latest personal chat with the bot, or null when they never talked to it. */
export const personalTeamsConversation = (
  deps: ToolDeps,
  tenantId: string,
  aadObjectId: string,
): Promise<TeamsConversationRow | null> => findPersonalTeamsConversation(deps.database.db, tenantId, aadObjectId);

/** A user's name for a sentence (who decided), or null when there is no such user. */
export async function userNameOf(deps: ToolDeps, userId: string): Promise<string | null> {
  const [row] = await deps.database.db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

/** Forgets a conversation the app was removed from: nothing is sent there any more. */
export const forgetTeamsConversation = (deps: ToolDeps, conversationId: string): Promise<void> =>
  deleteTeamsConversation(deps.database.db, conversationId);
