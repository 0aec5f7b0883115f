import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contractInputSchema } from '../../billing/inputs/contract-bundle.ts';
import { contracts, projects } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { getProject, listProjects } from '../../db/stores/master-data-queries.ts';
import { CONTRACT_READERS, MASTER_DATA_WRITERS } from '../access.ts';
import { auditEntry } from '../audit-entry.ts';
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
export function projectRoutes({ database }: ApiDeps): ApiRoute[] {
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
        if (!row) return sendError(c, 404, 'PROJECT_NOT_FOUND', `No project ${params.code}`, { code: params.code });
        if (!mayTouchEntity(c, row.entityId)) return outOfScope(c, row.entityId);
        return c.json(projectView(row));
      },
    }),
    defineRoute({
      method: 'post', path: '/projects', operationId: 'upsertProject', tag: 'Master data', roles: MASTER_DATA_WRITERS,
      summary: 'Create a project under a contract, or update the one with this code', body: projectInputSchema, errors: [422],
      responses: { 201: { description: 'Created', schema: projectDoc }, 200: { description: 'Updated', schema: projectDoc } },
      handler: async (c, { body }) => {
        const [contract] = await db.select({ id: contracts.id, entityId: contracts.legalEntityId }).from(contracts).where(eq(contracts.code, body.contract));
        if (!contract) return sendError(c, 422, 'UNKNOWN_REFERENCE', `contract: no contract with code "${body.contract}"`, { path: 'contract' });
        const before = await getProject(db, body.code);
        for (const e of [contract.entityId, before?.entityId]) if (e !== undefined && !mayTouchEntity(c, e)) return outOfScope(c, e);
        await db.transaction(async (tx) => {
          const values = { code: body.code, contractId: contract.id, name: body.name, status: body.status, projectManager: body.projectManager ?? null };
          await tx.insert(projects).values(values).onConflictDoUpdate({ target: projects.code, set: { ...values, code: undefined } });
          const after = (await getProject(tx, body.code))!;
          await appendAudit(tx, auditEntry(c, {
            action: before ? 'project.update' : 'project.create', targetType: 'project', targetId: after.project.id,
            before: before ? projectView(before) : null, after: projectView(after),
          }));
        });
        return c.json(projectView((await getProject(db, body.code))!), before ? 200 : 201);
      },
    }),
  ];
}
