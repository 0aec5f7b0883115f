import { z } from 'zod';

/** A month filter of a read: any month (what was stored under an older date window stays readable). */
export const periodFilter = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM');
