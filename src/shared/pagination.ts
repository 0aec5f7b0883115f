import { z } from 'zod';

/** Every list takes limit (1-200, default 50) and offset: API query strings and CLI flags alike. */
export const paginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip'),
});
