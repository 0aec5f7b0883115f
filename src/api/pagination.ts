// The schema lives in shared/ because CLI list commands take the same limit and offset.
export { paginationSchema } from '../shared/pagination.ts';

/** The envelope every list returns. */
export const page = <T>(items: T[], total: number, limit: number, offset: number) => ({
  items,
  page: { limit, offset, total, nextOffset: offset + items.length < total ? offset + items.length : null },
});
