import { z } from 'zod';
import { approvalsInboxList } from '../../tools/approvals/approvals-inbox.ts';
import { approvalsGrant } from '../../tools/approvals/grant-approval.ts';
import { approvalsReject, rejectApprovalSchema } from '../../tools/approvals/reject-approval.ts';
import { INBOX_READERS, rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';

const requestParam = z.object({ id: z.string().uuid().describe('The approval request id (from APPROVAL_REQUIRED or the inbox)') });

/** The approvals inbox (what waits for me, and why) and deciding approval requests (catalogue entries in src/tools/approvals). */
export function approvalRoutes(deps: ApiDeps): ApiRoute[] {
  const description = 'Policy decides: the approver holds the level\'s role, is not the requester, approves one level only, and is never the agent.';
  return [
    defineRoute({
      method: 'get', path: '/approvals/inbox', operationId: 'approvalsInbox', tag: 'Approvals', roles: INBOX_READERS,
      summary: 'What waits for my approval, with the reason',
      description: 'Invoices pending approval and action requests that wait for one of the caller\'s roles, oldest first. canDecide says whether '
        + 'policy lets the caller decide it now; blocked says why not (an earlier level first, segregation of duties, the agent); problem says '
        + 'why nobody can yet (its state cannot be read, e.g. FX_RATE_MISSING). canDecide=true lists only what the caller may decide now.',
      query: approvalsInboxList.input,
      responses: { 200: { description: 'A page of inbox items', schema: approvalsInboxList.output } },
      handler: async (c, { query }) => sendToolResult(c, await callToolFor(c, deps, approvalsInboxList, query)),
    }),
    defineRoute({
      method: 'post', path: '/approvals/:id/grant', operationId: 'grantApproval', tag: 'Approvals', summary: 'Approve the next level of an approval request',
      description, roles: rolesFor('approval.grant'), params: requestParam, body: z.object({}), errors: [404, 409], idempotency: 'tool',
      responses: { 200: { description: 'The request afterwards', schema: approvalsGrant.output } },
      handler: async (c, { params }) => sendToolResult(c, await callToolFor(c, deps, approvalsGrant, { requestId: params.id })),
    }),
    defineRoute({
      method: 'post', path: '/approvals/:id/reject', operationId: 'rejectApproval', tag: 'Approvals', summary: 'Refuse an approval request, with the reason',
      description, roles: rolesFor('approval.reject'), params: requestParam, body: rejectApprovalSchema.omit({ requestId: true }), errors: [404, 409], idempotency: 'tool',
      responses: { 200: { description: 'The request afterwards', schema: approvalsReject.output } },
      handler: async (c, { params, body }) => sendToolResult(c, await callToolFor(c, deps, approvalsReject, { ...body, requestId: params.id })),
    }),
  ];
}
