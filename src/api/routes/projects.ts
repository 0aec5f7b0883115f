import { projectListQuerySchema, projectsList } from '../../tools/projects/list-projects.ts';
import { PROJECT_READERS } from '../../tools/projects/project-view.ts';
import { projectsShow } from '../../tools/projects/show-project.ts';
import { projectsUpsert } from '../../tools/projects/upsert-project.ts';
import { MASTER_DATA_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { codeParam } from '../schemas.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';
import { sendByCode, sendUpserted } from './master-data-results.ts';

/** Projects: list, get, create or update by code, over their catalogue entries. */
export function projectRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/projects',
      operationId: 'listProjects',
      tool: projectsList,
      tag: 'Master data',
      summary: 'List projects',
      roles: PROJECT_READERS,
      query: projectListQuerySchema,
      responses: { 200: { description: 'A page of projects', schema: projectsList.output } },
      handler: async (c, { query }) => sendToolResult(c, await callToolFor(c, deps, projectsList, query)),
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:code',
      operationId: 'getProject',
      tool: projectsShow,
      tag: 'Master data',
      summary: 'Get a project by code',
      roles: PROJECT_READERS,
      params: codeParam,
      errors: [404],
      responses: { 200: { description: 'The project', schema: projectsShow.output } },
      handler: async (c, { params }) =>
        sendByCode(c, await callToolFor(c, deps, projectsShow, { code: params.code }), params.code),
    }),
    defineRoute({
      method: 'post',
      path: '/projects',
      operationId: 'upsertProject',
      tool: projectsUpsert,
      tag: 'Master data',
      roles: MASTER_DATA_WRITERS,
      summary: 'Create a project under a contract, or update the one with this code',
      body: projectsUpsert.input,
      errors: [409, 422],
      idempotency: 'tool',
      description:
        "Changing an existing project's status (on hold, back to active, closed) is the policy action project.change_status, audited with " +
        "the project before and after: on hold, its invoices need the project manager's approval, so reactivating it needs a project manager's " +
        "approval by the matrix's projectStatus rule (409 APPROVAL_REQUIRED first; once approved, the same call writes).",
      responses: {
        201: { description: 'Created', schema: projectsUpsert.output.shape.project },
        200: { description: 'Updated', schema: projectsUpsert.output.shape.project },
      },
      handler: async (c, { body }) =>
        sendUpserted(c, await callToolFor(c, deps, projectsUpsert, body), (v) => v.project),
    }),
  ];
}
