import { z } from 'zod';
import { listChatLinks } from '../../db/stores/chat-link-store.ts';
import { jobFailuresList } from '../../tools/jobs/list-job-failures.ts';
import { usersLinkChat, usersUnlinkChat } from '../../tools/users/link-chat.ts';
import type { Role } from '../../policy/roles.ts';
import { BILLING_OPS_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { toolRoute } from '../tool-route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { requireFirmWide } from '../scope.ts';

/** Who reads users' chat links: the finance admin (who manages them, under user.link_chat) and the auditor. */
const CHAT_LINK_READERS: readonly Role[] = ['finance_admin', 'auditor'];

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
    toolRoute(deps, usersLinkChat, {
      method: 'post',
      path: '/users/chat-links',
      operationId: 'linkChatUser',
      tag: 'Operations',
      summary: 'Link a user to their Slack or Teams id (audited)',
      description:
        "Replaces the user's link for that provider and workspace. A chat id another user holds is 409 CHAT_ID_TAKEN: messages from it would act as someone else. " +
        'An administrator (finance_admin, all entities) links someone else, never themselves (403 SOD_VIOLATION).',
      errors: [404, 409],
      responseDescription: 'The link',
    }),
    toolRoute(deps, usersUnlinkChat, {
      method: 'post',
      path: '/users/chat-links/unlink',
      operationId: 'unlinkChatUser',
      tag: 'Operations',
      summary: "Remove a user's Slack or Teams link (audited)",
      errors: [404],
      responseDescription: 'The removed link',
    }),
  ];
}
