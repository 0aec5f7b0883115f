import { z } from 'zod';
import { listChatLinks } from '../../db/stores/chat-link-store.ts';
import { jobFailuresList } from '../../tools/jobs/list-job-failures.ts';
import { CHAT_PROVIDERS } from '../../db/schema/users.ts';
import {
  chatLinkInputSchema,
  linkChatUser,
  unlinkChatUser,
  type ChatLinkError,
} from '../../db/usecases/link-chat-user.ts';
import type { Role } from '../../policy/roles.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { requireFirmWide } from '../scope.ts';
import { toolRoute } from '../tool-route.ts';
import type { Context } from 'hono';
import type { AuthEnv } from '../auth/context.ts';

/** Who reads and manages users' chat links: the finance admin manages, the auditor reads. */
const CHAT_LINK_READERS: readonly Role[] = ['finance_admin', 'auditor'];
const CHAT_LINK_WRITERS: readonly Role[] = ['finance_admin'];

const adminContext = (c: Context<AuthEnv>, now: Date) => ({
  actorId: c.get('auth').user.id,
  correlationId: c.get('requestId'),
  now,
});

const chatLinkError = (c: Context<AuthEnv>, e: ChatLinkError) =>
  e.code === 'USER_NOT_FOUND'
    ? sendError(c, e.code, `No active user with email ${e.email}`, { email: e.email })
    : e.code === 'CHAT_LINK_NOT_FOUND'
      ? sendError(c, e.code, `${e.email} has no ${e.provider} link in that workspace`, {
          email: e.email,
          provider: e.provider,
        })
      : sendError(c, e.code, `The ${e.provider} id ${e.externalId} is linked to another user; unlink it there first`, {
          provider: e.provider,
          externalId: e.externalId,
        });

/**
 * Operations: failures of background jobs (each with the business object it concerns; job_failures_list)
 * and the Slack and Teams ids users are linked to. Firm-wide: users limited to some legal entities get 403.
 */
export function operationsRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    toolRoute(deps, jobFailuresList, {
      method: 'get',
      path: '/jobs/failures',
      operationId: 'listJobFailures',
      tag: 'Operations',
      summary: 'Failed tries of background jobs, newest first',
      description:
        'One row per failed try of a background job (document processing, scheduled jobs): the queue, the job, the try, whether ' +
        'another follows (and not before when), the business object it concerns, the service identity it acted as and the error (secrets masked).',
    }),
    defineRoute({
      method: 'get',
      path: '/users/chat-links',
      operationId: 'listChatLinks',
      tag: 'Operations',
      roles: CHAT_LINK_READERS,
      summary: 'Slack and Teams ids linked to users',
      query: paginationSchema,
      responses: {
        200: {
          description: 'A page of links, by email',
          schema: pageOf(objectSchema('email, provider, workspaceId, externalId, createdAt')),
        },
      },
      handler: async (c, { query: q }) => {
        const refused = requireFirmWide(c);
        if (refused) return refused;
        // One row per linked user and provider: few enough to page in memory.
        const rows = await listChatLinks(db);
        const items = rows.slice(q.offset, q.offset + q.limit).map((r) => ({
          email: r.email,
          provider: r.provider,
          workspaceId: r.workspaceId,
          externalId: r.externalId,
          createdAt: r.createdAt.toISOString(),
        }));
        return c.json(page(items, rows.length, q.limit, q.offset));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users/chat-links',
      operationId: 'linkChatUser',
      tag: 'Operations',
      roles: CHAT_LINK_WRITERS,
      summary: 'Link a user to their Slack or Teams id (audited)',
      description:
        "Replaces the user's link for that provider and workspace. A chat id another user holds is 409 CHAT_ID_TAKEN: messages from it would act as someone else.",
      body: chatLinkInputSchema,
      errors: [404, 409],
      responses: { 200: { description: 'The link', schema: objectSchema('email, provider, workspaceId, externalId') } },
      handler: async (c, { body }) => {
        const refused = requireFirmWide(c);
        if (refused) return refused;
        const r = await linkChatUser(db, body, adminContext(c, deps.now()));
        if (!r.ok) return chatLinkError(c, r.error);
        return c.json({
          email: body.email,
          provider: r.value.provider,
          workspaceId: r.value.workspaceId,
          externalId: r.value.externalId,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users/chat-links/unlink',
      operationId: 'unlinkChatUser',
      tag: 'Operations',
      roles: CHAT_LINK_WRITERS,
      summary: "Remove a user's Slack or Teams link (audited)",
      body: z.object({
        email: z.string().email().max(254),
        provider: z.enum(CHAT_PROVIDERS),
        workspaceId: z.string().max(128).default(''),
      }),
      errors: [404],
      responses: {
        200: { description: 'The removed link', schema: objectSchema('email, provider, workspaceId, externalId') },
      },
      handler: async (c, { body }) => {
        const refused = requireFirmWide(c);
        if (refused) return refused;
        const r = await unlinkChatUser(db, body, adminContext(c, deps.now()));
        if (!r.ok) return chatLinkError(c, r.error);
        return c.json({
          email: body.email,
          provider: r.value.provider,
          workspaceId: r.value.workspaceId,
          externalId: r.value.externalId,
        });
      },
    }),
  ];
}
