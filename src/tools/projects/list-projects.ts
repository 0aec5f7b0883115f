import { z } from 'zod';
import { listProjects } from '../../db/stores/master-data-queries.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { PROJECT_READERS, projectView, projectViewSchema } from './project-view.ts';

export const projectListQuerySchema = paginationSchema.extend(entityFilterSchema.shape).extend({
  contract: z.string().max(64).optional().describe('Contract code'),
});

export const projectsList = defineTool({
  name: 'projects_list',
  description:
    'Lists projects by code, with status, project manager, contract and legal entity. Filter by contract code or legal entity.',
  input: projectListQuerySchema,
  output: pageSchema(projectViewSchema),
  risk: 'read',
  policyAction: null,
  readers: PROJECT_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listProjects(ctx.db, {
      entityIds: scope.value,
      contractCode: q.contract,
      limit: q.limit,
      offset: q.offset,
    });
    return ok(pageOf(rows.map(projectView), total, q.limit, q.offset));
  },
});
