import { z } from 'zod';
import type { Context } from 'hono';
import type { Database } from '../../db/client.ts';
import { exceptionEntityId, getException } from '../../db/stores/exception-store.ts';
import { assignException, assignExceptionSchema, resolveException, resolveExceptionSchema } from '../../db/usecases/index.ts';
import type { AuthEnv } from '../auth/context.ts';
import { rolesFor } from '../access.ts';
import { sendError } from '../error-map.ts';
import { mayTouchEntity, outOfScope } from '../scope.ts';
import { sendResult, useCaseContext } from '../use-case.ts';
import { listExceptions } from '../../db/stores/invoice-queries.ts';
import { exceptionView } from '../../db/views/invoice-views.ts';
import { exceptionListQuerySchema } from '../../db/views/list-queries.ts';
import { page } from '../pagination.ts';
import { EVERYONE } from '../access.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';

const exceptionParam = z.object({ id: z.string().uuid().describe('The exception id') });

/** The 404 or 403 for an exception the caller may not act on; null when it may. */
async function checkException(c: Context<AuthEnv>, database: Database, id: string): Promise<Response | null> {
  const e = await getException(database.db, id);
  if (!e) return sendError(c, 'EXCEPTION_NOT_FOUND', `No exception ${id}`, { exceptionId: id });
  const entityId = await exceptionEntityId(database.db, e);
  return mayTouchEntity(c, entityId) ? null : outOfScope(c, entityId);
}

/** Billing exceptions: list, assign to a person, resolve with a resolution code (use cases in src/db/usecases). */
export function exceptionRoutes(database: Database, now: () => Date = () => new Date()): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/exceptions', operationId: 'listExceptions', tag: 'Exceptions', summary: 'List billing exceptions, open and most urgent first',
      roles: EVERYONE, query: exceptionListQuerySchema.extend(entityFilterSchema.shape),
      responses: { 200: { description: 'A page of exceptions', schema: pageOf(objectSchema('An exception with SLA')) } },
      handler: async (c, { query: q }) => {
        const scope = await listScope(c, database.db, q.legalEntity);
        if (!scope.ok) return scope.error;
        // "me" is the person: the one the agent acts for, else the caller.
        const auth = c.get('auth');
        const assignedTo = q.assignedTo === 'me' ? (auth.onBehalfOf?.id ?? auth.user.id) : q.assignedTo;
        const { rows, total } = await listExceptions(database.db, { ...q, clientCode: q.client, ownerRole: q.owner, assignedTo, legalEntityIds: scope.value });
        return c.json(page(rows.map((r) => exceptionView(r, now())), total, q.limit, q.offset));
      },
    }),
    defineRoute({
      method: 'post', path: '/exceptions/:id/assign', operationId: 'assignException', tag: 'Exceptions', summary: 'Hand an exception to a person',
      roles: rolesFor('exception.assign'), params: exceptionParam, body: assignExceptionSchema.omit({ exceptionId: true }), errors: [404, 409, 422],
      responses: { 200: { description: 'Assigned', schema: objectSchema('The exception, assigned') } },
      handler: async (c, { params, body }) => (await checkException(c, database, params.id))
        ?? sendResult(c, await assignException(database, useCaseContext(c, now()), { ...body, exceptionId: params.id })),
    }),
    defineRoute({
      method: 'post', path: '/exceptions/:id/resolve', operationId: 'resolveException', tag: 'Exceptions', summary: 'Resolve an exception with a resolution code',
      description: 'An approving code releases the line or draft it held; write_off keeps the line at zero; data fixes keep the hold until billing is re-run.',
      roles: rolesFor('exception.resolve'), params: exceptionParam, body: resolveExceptionSchema.omit({ exceptionId: true }), errors: [404, 409, 422],
      responses: { 200: { description: 'Resolved', schema: objectSchema('What the resolution changed') } },
      handler: async (c, { params, body }) => (await checkException(c, database, params.id))
        ?? sendResult(c, await resolveException(database, useCaseContext(c, now()), { ...body, exceptionId: params.id })),
    }),
  ];
}
