import { z } from 'zod';

/** An amount at the boundary: a decimal string and its currency. */
export const moneyViewSchema = z.object({
  amount: z.string().describe('Decimal string in the currency\'s minor digits, e.g. "1250.00"'),
  currency: z.string().describe('ISO 4217 code'),
});

/** The envelope every list returns (as the API's page()). */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.object({
      limit: z.number().int(),
      offset: z.number().int(),
      total: z.number().int(),
      nextOffset: z.number().int().nullable(),
    }),
  });

/** Builds the page envelope. */
export const pageOf = <T>(items: T[], total: number, limit: number, offset: number) => ({
  items,
  page: { limit, offset, total, nextOffset: offset + items.length < total ? offset + items.length : null },
});
