import { z } from 'zod';
import type { Db } from '../client.ts';
import { CHAT_PROVIDERS } from '../schema/users.ts';
import { appendAudit } from '../stores/audit-store.ts';
import { deleteChatLink, findChatLink, putChatLink, type ChatLinkRow } from '../stores/chat-link-store.ts';
import { findActiveUserByEmail } from '../stores/user-store.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { AdminContext } from './add-user.ts';

export const chatLinkInputSchema = z.object({
  email: z.string().email().max(254).describe('The user to link, by sign-in email'),
  provider: z.enum(CHAT_PROVIDERS).describe('slack or teams'),
  externalId: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only')
    .describe("The Slack user id (U0123ABC) or the Teams user's Microsoft Entra object id"),
  workspaceId: z
    .string()
    .trim()
    .max(128)
    .regex(/^[A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only')
    .default('')
    .describe('The Slack team (workspace) id or the Teams tenant id; empty for the only one'),
});
export type ChatLinkInput = z.input<typeof chatLinkInputSchema>;

export type ChatLinkError =
  | { code: 'USER_NOT_FOUND'; email: string }
  | { code: 'CHAT_ID_TAKEN'; provider: string; externalId: string; email: string }
  | { code: 'CHAT_LINK_NOT_FOUND'; email: string; provider: string };

/**
 * Links a user to their Slack or Teams id, replacing the user's previous link for that provider
 * and workspace; a chat id another user holds is refused (messages from it would act as someone
 * else). Audited with before and after.
 */
export async function linkChatUser(
  db: Db,
  raw: ChatLinkInput,
  ctx: AdminContext,
): Promise<Result<ChatLinkRow, ChatLinkError>> {
  const input = chatLinkInputSchema.parse(raw);
  return db.transaction(async (tx) => {
    const user = await findActiveUserByEmail(tx, input.email);
    if (!user) return err({ code: 'USER_NOT_FOUND' as const, email: input.email });
    const id = { provider: input.provider, workspaceId: input.workspaceId, externalId: input.externalId };
    const holder = await findChatLink(tx, id);
    if (holder && holder.userId !== user.id) {
      return err({
        code: 'CHAT_ID_TAKEN' as const,
        provider: input.provider,
        externalId: input.externalId,
        email: input.email,
      });
    }
    if (holder) return ok(holder); // already linked: nothing changes, nothing to audit
    const before = await tx.query.userChatLinks.findFirst({
      where: (l, { and, eq }) =>
        and(eq(l.userId, user.id), eq(l.provider, input.provider), eq(l.workspaceId, input.workspaceId)),
    });
    const row = await putChatLink(tx, user.id, id);
    await appendAudit(tx, {
      at: ctx.now,
      actorId: ctx.actorId,
      onBehalfOf: null,
      action: 'user.link_chat',
      targetType: 'user',
      targetId: user.id,
      before: before
        ? { provider: before.provider, workspaceId: before.workspaceId, externalId: before.externalId }
        : null,
      after: { provider: row.provider, workspaceId: row.workspaceId, externalId: row.externalId },
      decision: null,
      approvalRef: null,
      reason: null,
      correlationId: ctx.correlationId,
    });
    return ok(row);
  });
}

/** Removes a user's Slack or Teams link (for a workspace, '' by default). Audited. */
export async function unlinkChatUser(
  db: Db,
  input: { email: string; provider: (typeof CHAT_PROVIDERS)[number]; workspaceId?: string },
  ctx: AdminContext,
): Promise<Result<ChatLinkRow, ChatLinkError>> {
  return db.transaction(async (tx) => {
    const user = await findActiveUserByEmail(tx, input.email);
    if (!user) return err({ code: 'USER_NOT_FOUND' as const, email: input.email });
    const removed = await deleteChatLink(tx, user.id, input.provider, input.workspaceId ?? '');
    if (!removed) return err({ code: 'CHAT_LINK_NOT_FOUND' as const, email: input.email, provider: input.provider });
    await appendAudit(tx, {
      at: ctx.now,
      actorId: ctx.actorId,
      onBehalfOf: null,
      action: 'user.unlink_chat',
      targetType: 'user',
      targetId: user.id,
      before: { provider: removed.provider, workspaceId: removed.workspaceId, externalId: removed.externalId },
      after: null,
      decision: null,
      approvalRef: null,
      reason: null,
      correlationId: ctx.correlationId,
    });
    return ok(removed);
  });
}
