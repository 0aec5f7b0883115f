import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { approvalRequests } from '../../db/schema/index.ts';
import { approvalsInbox, approvalsInboxSchema, grantApproval, rejectApproval, rejectApprovalSchema } from '../../db/usecases/index.ts';
import type { Actor } from '../../policy/roles.ts';
import { INBOX_READERS, rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';
import { jsonSafe, sendResult, useCaseContext } from '../use-case.ts';

const requestParam = z.object({ id: z.string().uuid().describe('The approval request id (from APPROVAL_REQUIRED or the inbox)') });

/** An actor narrowed to some entities: narrowing only ever takes authority away. */
const narrowed = (actor: Actor, ids: string[] | null): Actor => (ids === null ? actor : {
  ...actor, entityIds: ids, onBehalfOf: actor.onBehalfOf ? { ...actor.onBehalfOf, entityIds: ids } : null,
});

/** The approvals inbox (what waits for me, and why) and deciding approval requests (voids, credit notes, write-offs). */
export function approvalRoutes(deps: ApiDeps): ApiRoute[] {
  const { database } = deps;
  const requestEntity = async (id: string) => (await database.db.select({ entityId: approvalRequests.legalEntityId }).from(approvalRequests).where(eq(approvalRequests.id, id)))[0];
  const decide = (verb: 'grant' | 'reject') => defineRoute({
    method: 'post', path: `/approvals/:id/${verb}`, operationId: verb === 'grant' ? 'grantApproval' : 'rejectApproval', tag: 'Approvals',
    summary: verb === 'grant' ? 'Approve the next level of an approval request' : 'Refuse an approval request, with the reason',
    description: 'Policy decides: the approver holds the level\'s role, is not the requester, approves one level only, and is never the agent.',
    roles: rolesFor(verb === 'grant' ? 'approval.grant' : 'approval.reject'), params: requestParam,
    body: verb === 'grant' ? z.object({}) : rejectApprovalSchema.omit({ requestId: true }), errors: [404, 409],
    responses: { 200: { description: 'The request afterwards', schema: objectSchema('The approval request') } },
    handler: async (c, { params, body }) => {
      const found = await requestEntity(params.id);
      if (!found) return sendError(c, 'APPROVAL_REQUEST_NOT_FOUND', `No approval request ${params.id}`, { requestId: params.id });
      if (!mayTouchEntity(c, found.entityId)) return outOfScope(c, found.entityId);
      const ctx = useCaseContext(c, deps.now());
      if (verb === 'grant') return sendResult(c, await grantApproval(database, ctx, { requestId: params.id }));
      return sendResult(c, await rejectApproval(database, ctx, { requestId: params.id, reason: (body as unknown as { reason: string }).reason }));
    },
  });
  return [
    defineRoute({
      method: 'get', path: '/approvals/inbox', operationId: 'approvalsInbox', tag: 'Approvals', roles: INBOX_READERS,
      summary: 'What waits for my approval, with the reason',
      description: 'Invoices pending approval and action requests that wait for one of the caller\'s roles, oldest first. canDecide says whether '
        + 'policy lets the caller decide it now; blocked says why not (an earlier level first, segregation of duties, the agent); problem says '
        + 'why nobody can yet (its state cannot be read, e.g. FX_RATE_MISSING). canDecide=true lists only what the caller may decide now.',
      query: approvalsInboxSchema.extend(entityFilterSchema.shape),
      responses: { 200: { description: 'A page of inbox items', schema: pageOf(objectSchema('An invoice or an action waiting for approval, with level, role and reason')) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, database.db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const ctx = { ...useCaseContext(c, deps.now()), actor: narrowed(c.get('auth').actor, query.legalEntity ? scope.value : null) };
        const r = await approvalsInbox(database, ctx, { limit: query.limit, offset: query.offset, canDecide: query.canDecide });
        if (!r.ok) return sendError(c, 'INTERNAL', 'unreachable');
        return c.json(jsonSafe(page(r.value.items, r.value.total, query.limit, query.offset)));
      },
    }),
    decide('grant'),
    decide('reject'),
  ];
}
