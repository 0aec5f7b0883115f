import { getProject } from '../../db/stores/master-data-queries.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { byCodeSchema } from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { PROJECT_READERS, projectView, projectViewSchema } from './project-view.ts';

export const projectsShow = defineTool({
  name: 'projects_show',
  description: 'One project by code: its status (active, on hold, closed), project manager, contract and legal entity.',
  input: byCodeSchema,
  output: projectViewSchema,
  risk: 'read',
  policyAction: null,
  readers: PROJECT_READERS,
  handler: async (
    ctx,
    { code },
  ): Promise<Result<ReturnType<typeof projectView>, { code: 'PROJECT_NOT_FOUND'; message: string } | ScopeError>> => {
    const row = await getProject(ctx.db, code);
    if (!row) return err({ code: 'PROJECT_NOT_FOUND', message: `No project ${code}` });
    if (!actorMayTouch(ctx.actor, row.entityId)) return err(outOfScopeError(row.entityId));
    return ok(projectView(row));
  },
});
