import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { listExceptions } from '../../db/stores/invoice-queries.ts';
import { exceptionType } from '../../db/schema/exceptions.ts';
import { exceptionView } from '../views.ts';
import { page, paginationSchema } from '../pagination.ts';
import { EVERYONE } from '../access.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';

export const exceptionListQuerySchema = paginationSchema.extend({
  status: z.enum(['open', 'assigned', 'resolved']).optional(),
  // An enum, not any string: an unknown type would reach the enum column and fail as a 500.
  type: z.enum(exceptionType.enumValues).optional(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM').optional(),
});

/** Read endpoints for billing exceptions. */
export function exceptionRoutes(database: Database): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/exceptions', operationId: 'listExceptions', tag: 'Exceptions', summary: 'List billing exceptions, open and most urgent first',
      roles: EVERYONE, query: exceptionListQuerySchema.extend(entityFilterSchema.shape),
      responses: { 200: { description: 'A page of exceptions', schema: pageOf(objectSchema('An exception with SLA')) } },
      handler: async (c, { query: q }) => {
        const scope = await listScope(c, database.db, q.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listExceptions(database.db, { ...q, legalEntityIds: scope.value });
        const now = new Date();
        return c.json(page(rows.map((r) => exceptionView(r, now)), total, q.limit, q.offset));
      },
    }),
  ];
}
