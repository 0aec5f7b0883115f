import { z } from 'zod';
import { contractInputSchema } from '../../billing/inputs/contract-bundle.ts';
import type { getProject } from '../../db/stores/master-data-queries.ts';
import { CONTRACT_READERS } from '../../policy/role-groups.ts';
import type { Role } from '../../policy/roles.ts';

/** Who reads projects: those who read contracts. */
export const PROJECT_READERS: readonly Role[] = CONTRACT_READERS;

/** A project on its own: the contract bundle's project item plus the contract it belongs to. */
export const projectInputSchema = contractInputSchema.shape.projects.unwrap().element.extend({
  contract: z.string().min(1).max(64).describe('Code of the contract the project delivers'),
});

export type ProjectRow = NonNullable<Awaited<ReturnType<typeof getProject>>>;

export const projectViewSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    status: z.string().describe('active, on_hold or closed'),
    projectManager: z.string().nullable(),
    contract: z.string().describe('Code of the contract the project delivers'),
    legalEntity: z.string(),
  })
  .describe('A project');

/** A project as the API and the agent see it. */
export const projectView = (r: ProjectRow): z.output<typeof projectViewSchema> => ({
  id: r.project.id,
  code: r.project.code,
  name: r.project.name,
  status: r.project.status,
  projectManager: r.project.projectManager,
  contract: r.contractCode,
  legalEntity: r.entityCode,
});
