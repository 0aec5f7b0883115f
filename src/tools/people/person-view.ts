import { z } from 'zod';
import type { getPerson } from '../../db/stores/master-data-queries.ts';
import { WORK_READERS } from '../../policy/role-groups.ts';
import type { Role } from '../../policy/roles.ts';

/** Cost rates are sensitive: people are read by those who read work data. */
export const PERSON_READERS: readonly Role[] = WORK_READERS;

export type PersonRow = NonNullable<Awaited<ReturnType<typeof getPerson>>>;

export const personViewSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role: z.string(),
    legalEntity: z.string().nullable().describe('Code of the legal entity; null = firm-wide'),
    costRate: z.string().nullable().describe('Hourly cost, for margin'),
    costCurrency: z.string().nullable(),
  })
  .describe('A person whose time is billed, with cost rate');

/** A person as the API and the agent see them. */
export const personView = (r: PersonRow): z.output<typeof personViewSchema> => ({
  id: r.person.id,
  code: r.person.code,
  name: r.person.name,
  email: r.person.email,
  role: r.person.role,
  legalEntity: r.entityCode,
  costRate: r.person.costRate,
  costCurrency: r.person.costCurrency,
});
