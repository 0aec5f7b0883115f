import {
  claimInboundEvent,
  failAbandonedInboundEvents,
  noteInboundResult as noteInboundResultStore,
  recordInboundEvent,
  settleInboundEvent,
  unhandledInboundEvents,
  type ChatInboundRow,
} from '../../db/stores/chat-notice-store.ts';
import { findChatLink } from '../../db/stores/chat-link-store.ts';
import type { Principal } from '../../policy/roles.ts';
import type { ToolDeps } from '../define-tool.ts';
import { principalOf, type ChatProviderName } from './chat-notices.ts';

/**
 * What the chat adapters (src/api/slack, src/api/teams) need of the database for what people send:
 * events recorded once by id (a retry does nothing), claimed to handle, settled; and who a chat id
 * is (user_chat_links), with the roles and entities policy decides on.
 */

export type { ChatInboundRow };

/** Records an inbound event once; false when its id was seen before (a retried delivery). */
export const recordInbound = (
  deps: ToolDeps,
  e: { provider: ChatProviderName; eventId: string; kind: string; payload: Record<string, unknown> },
): Promise<boolean> => recordInboundEvent(deps.database.db, { ...e, now: deps.now() });

/** Claims an event to handle; null when another handler has it or it is done. */
export const claimInbound = (
  deps: ToolDeps,
  provider: ChatProviderName,
  eventId: string,
): Promise<ChatInboundRow | null> => claimInboundEvent(deps.database.db, provider, eventId, deps.now());

/** Marks an event handled (error null), failed for good, or (retry) received again for the next try. */
export const settleInbound = (
  deps: ToolDeps,
  provider: ChatProviderName,
  eventId: string,
  error: string | null,
  opts: { retry?: boolean } = {},
): Promise<void> => settleInboundEvent(deps.database.db, provider, eventId, error, deps.now(), opts);

/** Keeps the answer handling an event produced, so a retry posts it instead of asking again. */
export const noteInboundResult = (
  deps: ToolDeps,
  provider: ChatProviderName,
  eventId: string,
  result: string,
): Promise<void> => noteInboundResultStore(deps.database.db, provider, eventId, result);

/**
 * Events acknowledged but never handled (a restart cut them off), oldest first; one provider's when
 * given. Events whose last attempt was cut off too are marked failed first (a record of the failure,
 * and finished, so the prune removes them after the retention).
 */
export async function unhandledInbound(
  deps: ToolDeps,
  limit = 20,
  provider?: ChatProviderName,
): Promise<ChatInboundRow[]> {
  await failAbandonedInboundEvents(deps.database.db, deps.now(), provider);
  return unhandledInboundEvents(deps.database.db, deps.now(), limit, provider);
}

/** The active person a chat id is linked to (user_chat_links), with roles and entities; null when unlinked. */
export async function personOfChatId(
  deps: ToolDeps,
  id: { provider: ChatProviderName; workspaceId: string; externalId: string },
): Promise<(Principal & { name: string }) | null> {
  // A link made without a workspace (--workspace omitted) holds for the only workspace there is.
  const link =
    (await findChatLink(deps.database.db, id)) ??
    (id.workspaceId ? await findChatLink(deps.database.db, { ...id, workspaceId: '' }) : null);
  return link ? principalOf(deps, link.userId) : null;
}
