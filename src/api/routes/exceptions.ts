import { z } from 'zod';
import { assignExceptionSchema, exceptionsAssign } from '../../tools/exceptions/assign-exception.ts';
import { exceptionsList } from '../../tools/exceptions/list-exceptions.ts';
import { exceptionsResolve, resolveExceptionSchema } from '../../tools/exceptions/resolve-exception.ts';
import { EVERYONE, rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';

const exceptionParam = z.object({ id: z.string().uuid().describe('The exception id') });

/** Billing exceptions: list, assign to a person, resolve with a resolution code (catalogue entries in src/tools/exceptions). */
export function exceptionRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/exceptions', operationId: 'listExceptions', tag: 'Exceptions', summary: 'List billing exceptions, open and most urgent first',
      roles: EVERYONE, query: exceptionsList.input,
      responses: { 200: { description: 'A page of exceptions', schema: exceptionsList.output } },
      handler: async (c, { query }) => sendToolResult(c, await callToolFor(c, deps, exceptionsList, query)),
    }),
    defineRoute({
      method: 'post', path: '/exceptions/:id/assign', operationId: 'assignException', tag: 'Exceptions', summary: 'Hand an exception to a person',
      roles: rolesFor('exception.assign'), params: exceptionParam, body: assignExceptionSchema.omit({ exceptionId: true }), errors: [404, 409, 422], idempotency: 'tool',
      responses: { 200: { description: 'Assigned', schema: exceptionsAssign.output } },
      handler: async (c, { params, body }) => sendToolResult(c, await callToolFor(c, deps, exceptionsAssign, { ...body, exceptionId: params.id })),
    }),
    defineRoute({
      method: 'post', path: '/exceptions/:id/resolve', operationId: 'resolveException', tag: 'Exceptions', summary: 'Resolve an exception with a resolution code',
      description: 'An approving code releases the line or draft it held; write_off keeps the line at zero; data fixes keep the hold until billing is re-run.',
      roles: rolesFor('exception.resolve'), params: exceptionParam, body: resolveExceptionSchema.omit({ exceptionId: true }), errors: [404, 409, 422], idempotency: 'tool',
      responses: { 200: { description: 'Resolved', schema: exceptionsResolve.output } },
      handler: async (c, { params, body }) => sendToolResult(c, await callToolFor(c, deps, exceptionsResolve, { ...body, exceptionId: params.id })),
    }),
  ];
}
