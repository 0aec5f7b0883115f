import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { listExceptions } from '../../db/stores/invoice-queries.ts';
import { exceptionType } from '../../db/schema/exceptions.ts';
import { exceptionView } from '../views.ts';
import { page, paginationSchema } from '../pagination.ts';

export const exceptionListQuerySchema = paginationSchema.extend({
  status: z.enum(['open', 'assigned', 'resolved']).optional(),
  // An enum, not any string: an unknown type would reach the enum column and fail as a 500.
  type: z.enum(exceptionType.enumValues).optional(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM').optional(),
});

/** Read endpoints for billing exceptions. */
export function exceptionRoutes(database: Database) {
  return new Hono().get('/', async (c) => {
    const q = exceptionListQuerySchema.parse(c.req.query());
    const { rows, total } = await listExceptions(database.db, q);
    const now = new Date();
    return c.json(page(rows.map((r) => exceptionView(r, now)), total, q.limit, q.offset));
  });
}
