import { jobFailuresList } from '../../tools/jobs/list-job-failures.ts';
import { usersLinkChat, usersUnlinkChat } from '../../tools/users/link-chat.ts';
import { usersChatLinksList, usersList } from '../../tools/users/list-users.ts';
import type { ApiDeps } from '../deps.ts';
import type { ApiRoute } from '../route.ts';
import { toolRoute } from '../tool-route.ts';

/**
 * Operations: failures of background jobs (each with the business object it concerns; job_failures_list),
 * users with their keys' prefixes (users_list) and the Slack and Teams ids they are linked to
 * (users_chat_links_list, users_link_chat, users_unlink_chat). Firm-wide: users limited to some
 * legal entities get 403.
 */
export function operationsRoutes(deps: ApiDeps): ApiRoute[] {
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
    toolRoute(deps, usersList, {
      method: 'get',
      path: '/users',
      operationId: 'listUsers',
      tag: 'Operations',
      summary: 'Users with roles, entity scopes, chat links and key prefixes (never a key)',
      description:
        'Users by email: roles, the legal entity codes each may act in (null = all), their Slack and Teams links, and their ' +
        'API keys by id and prefix with last use and revocation. For the finance admin and the auditor, firm-wide.',
    }),
    toolRoute(deps, usersChatLinksList, {
      method: 'get',
      path: '/users/chat-links',
      operationId: 'listChatLinks',
      tag: 'Operations',
      summary: 'Slack and Teams ids linked to users',
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
