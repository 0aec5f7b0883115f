import { z } from 'zod';
import type { listExpenses } from '../../db/stores/work-queries.ts';
import { format } from '../../shared/money.ts';
import { moneyViewSchema } from '../schemas.ts';

type Row = Awaited<ReturnType<typeof listExpenses>>['rows'][number];

export const expenseViewSchema = z
  .object({
    id: z.number().int(),
    externalId: z.string().nullable(),
    project: z.string(),
    contract: z.string(),
    person: z.string().nullable(),
    incurredOn: z.string(),
    category: z.string(),
    description: z.string(),
    amount: moneyViewSchema,
    billable: z.boolean(),
    status: z.enum(['submitted', 'approved', 'rejected']),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
  })
  .describe('An expense');

/** An expense at the boundary: the amount as a decimal string in its currency. */
export const expenseView = (r: Row): z.output<typeof expenseViewSchema> => ({
  id: r.expense.id,
  externalId: r.expense.externalId,
  project: r.projectCode,
  contract: r.contractCode,
  person: r.personCode,
  incurredOn: r.expense.incurredOn,
  category: r.expense.category,
  description: r.expense.description,
  amount: {
    amount: format({ amountMinor: r.expense.amountMinor, currency: r.expense.currency }),
    currency: r.expense.currency,
  },
  billable: r.expense.billable,
  status: r.expense.approvalStatus,
  approvedBy: r.expense.approvedBy,
  approvedAt: r.expense.approvedAt?.toISOString() ?? null,
});
