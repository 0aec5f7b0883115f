import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contractInputSchema } from '../../billing/inputs/contract-bundle.ts';
import { contracts, projects } from '../../db/schema/index.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { writeUnderPolicy } from '../policy-write.ts';
import { useCaseContext } from '../use-case.ts';
import { getProject, listProjects } from '../../db/stores/master-data-queries.ts';
import { CONTRACT_READERS, MASTER_DATA_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { codeParam, objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';

/** A project on its own: the contract bundle's project item plus the contract it belongs to. */
export const projectInputSchema = contractInputSchema.shape.projects.unwrap().element.extend({
  contract: z.string().min(1).max(64).describe('Code of the contract the project delivers'),
});

type ProjectRow = NonNullable<Awaited<ReturnType<typeof getProject>>>;
export const projectView = (r: ProjectRow) => ({
  id: r.project.id, code: r.project.code, name: r.project.name, status: r.project.status, projectManager: r.project.projectManager,
  contract: r.contractCode, legalEntity: r.entityCode,
});
const projectDoc = objectSchema('A project');

/** Projects: list, get, create or update by code. */
export function projectRoutes({ database, now }: ApiDeps): ApiRoute[] {
  const { db } = database;
  return [
    defineRoute({
      method: 'get', path: '/projects', operationId: 'listProjects', tag: 'Master data', summary: 'List projects', roles: CONTRACT_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({ contract: z.string().max(64).optional().describe('Contract code') }),
      responses: { 200: { description: 'A page of projects', schema: pageOf(projectDoc) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listProjects(db, { entityIds: scope.value, contractCode: query.contract, limit: query.limit, offset: query.offset });
        return c.json(page(rows.map(projectView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'get', path: '/projects/:code', operationId: 'getProject', tag: 'Master data', summary: 'Get a project by code', roles: CONTRACT_READERS,
      params: codeParam, errors: [404], responses: { 200: { description: 'The project', schema: projectDoc } },
      handler: async (c, { params }) => {
        const row = await getProject(db, params.code);
        if (!row) return sendError(c, 'PROJECT_NOT_FOUND', `No project ${params.code}`, { code: params.code });
        if (!mayTouchEntity(c, row.entityId)) return outOfScope(c, row.entityId);
        return c.json(projectView(row));
      },
    }),
    defineRoute({
      method: 'post', path: '/projects', operationId: 'upsertProject', tag: 'Master data', roles: MASTER_DATA_WRITERS,
      summary: 'Create a project under a contract, or update the one with this code', body: projectInputSchema, errors: [409, 422],
      description: 'Changing an existing project\'s status (on hold, back to active, closed) is the policy action project.change_status, audited with '
        + 'the project before and after: on hold, its invoices need the project manager\'s approval, so reactivating it needs a project manager\'s '
        + 'approval by the matrix\'s projectStatus rule (409 APPROVAL_REQUIRED first; once approved, the same call writes).',
      responses: { 201: { description: 'Created', schema: projectDoc }, 200: { description: 'Updated', schema: projectDoc } },
      handler: async (c, { body }) => {
        const [contract] = await db.select({ id: contracts.id, entityId: contracts.legalEntityId }).from(contracts).where(eq(contracts.code, body.contract));
        if (!contract) return sendError(c, 'UNKNOWN_REFERENCE', `contract: no contract with code "${body.contract}"`, { path: 'contract' });
        const before = await getProject(db, body.code);
        for (const e of [contract.entityId, before?.entityId]) if (e !== undefined && !mayTouchEntity(c, e)) return outOfScope(c, e);
        const values = { code: body.code, contractId: contract.id, name: body.name, status: body.status, projectManager: body.projectManager ?? null };
        const written = await writeUnderPolicy(c, db, useCaseContext(c, now()), {
          kind: 'project', read: (tx) => getProject(tx, body.code),
          write: (tx) => tx.insert(projects).values(values).onConflictDoUpdate({ target: projects.code, set: { ...values, code: undefined } }),
          guarded: (r) => r.project.status,
          guard: (after, was, is): ActionOf<'project.change_status'> => ({ type: 'project.change_status', target: { kind: 'project', id: after.project.id }, args: { before: was, after: is } }),
          entityOf: (r) => r.entityId, idOf: (r) => r.project.id, view: projectView,
        });
        if ('refused' in written) return written.refused;
        return c.json(projectView(written.after), written.created ? 201 : 200);
      },
    }),
  ];
}
