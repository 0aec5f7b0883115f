import { z } from 'zod';
import { deleteChatLink, putChatLink } from '../../db/stores/access-writes.ts';
import { findChatLink, findUserChatLink } from '../../db/stores/chat-link-store.ts';
import { findActiveUserByEmail } from '../../db/stores/user-store.ts';
import { CHAT_PROVIDERS } from '../../db/schema/users.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { auditAccess, passAccessGate, userEmailSchema } from './access-gate.ts';
import { userNotFound, type UserNotFound } from './issue-key.ts';

export const chatLinkInputSchema = z.object({
  email: userEmailSchema.describe('The user to link, by sign-in email'),
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

export const chatUnlinkInputSchema = z.object({
  email: userEmailSchema,
  provider: z.enum(CHAT_PROVIDERS).describe('slack or teams'),
  workspaceId: z.string().max(128).default('').describe('The workspace or tenant id; empty for the only one'),
});

const linkSchema = z.object({
  email: z.string(),
  provider: z.enum(CHAT_PROVIDERS),
  workspaceId: z.string(),
  externalId: z.string(),
});
type LinkView = z.output<typeof linkSchema>;

export type ChatLinkError =
  | UserNotFound
  | { code: 'CHAT_ID_TAKEN'; message: string; provider: string; externalId: string; email: string }
  | { code: 'CHAT_LINK_NOT_FOUND'; message: string; email: string; provider: string }
  | GateError;

const view = (email: string, l: { provider: LinkView['provider']; workspaceId: string; externalId: string }) => ({
  email,
  provider: l.provider,
  workspaceId: l.workspaceId,
  externalId: l.externalId,
});

/**
 * users_link_chat: messages from the chat id then act as the user (through the agent, under the
 * user's own roles). Replaces the user's link for that provider and workspace; a chat id another
 * user holds is refused. The same link again changes nothing and writes no audit row.
 */
export const usersLinkChat = defineTool({
  name: 'users_link_chat',
  description:
    "Links a user to their Slack user id or Teams object id, replacing the user's link for that provider and workspace; messages from " +
    'that id then act as the user. A chat id another user holds is refused (CHAT_ID_TAKEN). An administrator links someone else, never themselves.',
  input: chatLinkInputSchema,
  output: linkSchema,
  risk: 'write',
  policyAction: 'user.link_chat',
  handler: async (ctx, input): Promise<Result<LinkView, ChatLinkError>> => {
    const user = await findActiveUserByEmail(ctx.db, input.email);
    if (!user) return err(userNotFound(input.email));
    const id = { provider: input.provider, workspaceId: input.workspaceId, externalId: input.externalId };
    const gate = await passAccessGate(
      ctx,
      { type: 'user.link_chat', target: { kind: 'user', id: user.id }, args: id },
      user.id,
    );
    if (!gate.ok) return gate;
    const holder = await findChatLink(ctx.db, id);
    if (holder && holder.userId !== user.id) {
      return err({
        code: 'CHAT_ID_TAKEN',
        message: `The ${input.provider} id ${input.externalId} is linked to another user; unlink it there first`,
        provider: input.provider,
        externalId: input.externalId,
        email: input.email,
      });
    }
    if (holder) return ok(view(input.email, holder)); // already linked: nothing changes, nothing to audit
    const before = await findUserChatLink(ctx.db, user.id, input.provider, input.workspaceId);
    const row = await putChatLink(ctx.db, user.id, id);
    await auditAccess(ctx, gate.value, {
      action: 'user.link_chat',
      targetType: 'user',
      targetId: user.id,
      before: before
        ? { provider: before.provider, workspaceId: before.workspaceId, externalId: before.externalId }
        : null,
      after: { provider: row.provider, workspaceId: row.workspaceId, externalId: row.externalId },
    });
    return ok(view(input.email, row));
  },
});

/** users_unlink_chat: removes a user's Slack or Teams link for a workspace ('' by default). */
export const usersUnlinkChat = defineTool({
  name: 'users_unlink_chat',
  description:
    "Removes a user's Slack or Teams link for a workspace (empty: the only one): messages from that chat id no longer act as the user.",
  input: chatUnlinkInputSchema,
  output: linkSchema.describe('The removed link'),
  risk: 'write',
  policyAction: 'user.unlink_chat',
  handler: async (ctx, input): Promise<Result<LinkView, ChatLinkError>> => {
    const user = await findActiveUserByEmail(ctx.db, input.email);
    if (!user) return err(userNotFound(input.email));
    const gate = await passAccessGate(ctx, {
      type: 'user.unlink_chat',
      target: { kind: 'user', id: user.id },
      args: { provider: input.provider, workspaceId: input.workspaceId },
    });
    if (!gate.ok) return gate;
    const removed = await deleteChatLink(ctx.db, user.id, input.provider, input.workspaceId);
    if (!removed)
      return err({
        code: 'CHAT_LINK_NOT_FOUND',
        message: `${input.email} has no ${input.provider} link in that workspace`,
        email: input.email,
        provider: input.provider,
      });
    await auditAccess(ctx, gate.value, {
      action: 'user.unlink_chat',
      targetType: 'user',
      targetId: user.id,
      before: { provider: removed.provider, workspaceId: removed.workspaceId, externalId: removed.externalId },
      after: null,
    });
    return ok(view(input.email, removed));
  },
});
