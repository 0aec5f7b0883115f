import { z } from 'zod';
import { contractBundleSchema, type ContractBundle } from '../billing/inputs/contract-bundle.ts';
import { amountField, periodField } from '../shared/bounded-fields.ts';
import { TEXT_MAX } from '../shared/bounds.ts';

/** Shared pieces of route schemas and their documented responses. */
export const codeParam = z.object({ code: z.string().min(1).max(TEXT_MAX.code).describe('The code, e.g. ACME') });
export const uuidParam = z.object({ id: z.string().uuid().describe('The id (UUID)') });
/** A period filter of a read: any month (what was stored under an older date window stays readable). */
export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM');
/** A period a write acts on (a billing run): inside the date window (docs/limits.md). */
export const billingPeriod = periodField();
export const moneySchema = z.object({
  amount: amountField().describe('Decimal string, e.g. "1250.00"'),
  currency: z.string().length(3),
});

/** The one error shape of the API. */
export const errorSchema = z.object({
  code: z.string().describe('UPPER_SNAKE error code'),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** The envelope of every list. */
export const pageOf = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    page: z.object({
      limit: z.number().int(),
      offset: z.number().int(),
      total: z.number().int(),
      nextOffset: z.number().int().nullable(),
    }),
  });

/** A resource documented loosely: an object whose fields the route's view defines. */
export const objectSchema = (description: string) => z.object({}).catchall(z.unknown()).describe(description);

/** A master-data bundle holding only the given parts (every other list empty, whatever lists the bundle grows). */
export const bundleOf = (part: Partial<ContractBundle>): ContractBundle => ({
  ...contractBundleSchema.parse({}),
  ...part,
});
