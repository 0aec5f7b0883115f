import { z } from 'zod';
import { chatLinksOfUsers, pageChatLinks } from '../../db/stores/chat-link-store.ts';
import { legalEntityCodes, pageUsersWithKeys } from '../../db/stores/user-store.ts';
import { CHAT_PROVIDERS } from '../../db/schema/users.ts';
import type { Role } from '../../policy/roles.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { err, ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { actorMayTouch, outOfScopeError } from '../scope.ts';

/**
 * Who reads users, their keys (prefixes, never a key) and chat links: the finance admin (who
 * manages them) and the auditor. Firm-wide: a user limited to some legal entities is refused. The
 * console operator reads them too (serviceReaders): who sets a firm up at the console sees whom.
 */
export const ACCESS_READERS: readonly Role[] = ['finance_admin', 'auditor'];

const chatLinkSchema = z
  .object({
    email: z.string().describe("The linked user's sign-in email"),
    provider: z.enum(CHAT_PROVIDERS),
    workspaceId: z.string().describe('The Slack team or Teams tenant id; empty for the only one'),
    externalId: z.string().describe("The Slack user id or the Teams user's object id"),
    createdAt: z.string(),
  })
  .describe('A Slack or Teams id linked to a user');

const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    kind: z.enum(['person', 'agent']),
    roles: z.array(z.string()),
    active: z.boolean(),
    entities: z.array(z.string()).nullable().describe('Legal entity codes the user may act in; null = all'),
    chatLinks: z.array(z.object({ provider: z.enum(CHAT_PROVIDERS), workspaceId: z.string(), externalId: z.string() })),
    keys: z
      .array(
        z.object({
          id: z.string(),
          prefix: z.string().describe('The first characters of the key, to recognise it; never the key'),
          createdAt: z.string(),
          lastUsedAt: z.string().nullable(),
          revokedAt: z.string().nullable(),
        }),
      )
      .describe('API keys by creation, with their prefixes only'),
  })
  .describe('A user with roles, entity scope, chat links and keys');

const firmWide = (ctx: Parameters<typeof actorMayTouch>[0]) =>
  actorMayTouch(ctx, null) ? null : err(outOfScopeError(null));

/** users_list: who may use the product, with what roles, where, and with which keys (never the keys). */
export const usersList = defineTool({
  name: 'users_list',
  description:
    'Users by email: roles, the legal entities each may act in (null = all), active or not, their Slack and Teams links, ' +
    'and their API keys by id and prefix with when each was last used or revoked (never a key itself). Firm-wide: only ' +
    'for users with every legal entity.',
  input: paginationSchema,
  output: pageSchema(userSchema).describe('A page of users, by email'),
  risk: 'read',
  policyAction: null,
  readers: ACCESS_READERS,
  serviceReaders: ['operator'],
  handler: async (ctx, q) => {
    const refused = firmWide(ctx.actor);
    if (refused) return refused;
    const { rows, total } = await pageUsersWithKeys(ctx.db, q.limit, q.offset);
    const { codeById } = await legalEntityCodes(ctx.db);
    const links = await chatLinksOfUsers(
      ctx.db,
      rows.map((r) => r.user.id),
    );
    const items = rows.map(({ user, keys }) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      kind: user.kind,
      roles: [...user.roles],
      active: user.active,
      entities: user.entityIds ? user.entityIds.map((id) => codeById.get(id) ?? id) : null,
      chatLinks: links
        .filter((l) => l.userId === user.id)
        .map((l) => ({ provider: l.provider, workspaceId: l.workspaceId, externalId: l.externalId })),
      keys: keys.map((k) => ({
        id: k.id,
        prefix: k.prefix,
        createdAt: k.createdAt.toISOString(),
        lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
        revokedAt: k.revokedAt?.toISOString() ?? null,
      })),
    }));
    return ok(pageOf(items, total, q.limit, q.offset));
  },
});

/** users_chat_links_list: the Slack and Teams ids messages act as, by user email. */
export const usersChatLinksList = defineTool({
  name: 'users_chat_links_list',
  description:
    'The Slack and Teams ids linked to users, by email: messages from each act as that user. Linking and unlinking ' +
    'are users_link_chat and users_unlink_chat. Firm-wide: only for users with every legal entity.',
  input: paginationSchema,
  output: pageSchema(chatLinkSchema).describe('A page of links, by email'),
  risk: 'read',
  policyAction: null,
  readers: ACCESS_READERS,
  serviceReaders: ['operator'],
  handler: async (ctx, q) => {
    const refused = firmWide(ctx.actor);
    if (refused) return refused;
    const { rows, total } = await pageChatLinks(ctx.db, q.limit, q.offset);
    const items = rows.map((r) => ({
      email: r.email,
      provider: r.provider,
      workspaceId: r.workspaceId,
      externalId: r.externalId,
      createdAt: r.createdAt.toISOString(),
    }));
    return ok(pageOf(items, total, q.limit, q.offset));
  },
});
