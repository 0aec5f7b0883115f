import { z } from 'zod';

/** Every list takes limit (1-200, default 50) and offset. */
export const paginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip'),
});

/** The envelope every list returns. */
export const page = <T>(items: T[], total: number, limit: number, offset: number) => ({
  items,
  page: { limit, offset, total, nextOffset: offset + items.length < total ? offset + items.length : null },
});
