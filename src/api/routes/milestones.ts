import { z } from 'zod';
import { milestoneAcceptSchema, milestoneCompleteSchema } from '../../billing/inputs/work-inputs.ts';
import { listMilestones } from '../../db/stores/work-queries.ts';
import { milestonesAccept } from '../../tools/milestones/accept-milestone.ts';
import { milestonesComplete } from '../../tools/milestones/complete-milestone.ts';
import { milestoneView, milestoneViewSchema } from '../../tools/milestones/transition-milestone.ts';
import { CONTRACT_READERS, MILESTONE_ACCEPTORS, MILESTONE_COMPLETERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { pageOf, uuidParam } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';

const milestoneDoc = milestoneViewSchema;

/** Milestones: list, complete (delivery done: milestones_complete), accept (client accepted, billable: milestones_accept). */
export function milestoneRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/milestones',
      operationId: 'listMilestones',
      tag: 'Work',
      summary: 'List milestones',
      roles: CONTRACT_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({
        contract: z.string().max(64).optional().describe('Contract code'),
        status: z.enum(['pending', 'completed', 'accepted']).optional(),
      }),
      responses: { 200: { description: 'A page of milestones', schema: pageOf(milestoneDoc) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listMilestones(db, { ...query, entityIds: scope.value });
        return c.json(page(rows.map(milestoneView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/milestones/:id/complete',
      operationId: 'completeMilestone',
      tag: 'Work',
      summary: 'Mark a milestone completed',
      roles: MILESTONE_COMPLETERS,
      params: uuidParam,
      body: milestoneCompleteSchema,
      errors: [404, 409],
      idempotency: 'tool',
      responses: { 200: { description: 'The milestone', schema: milestoneDoc } },
      handler: async (c, { params, body }) =>
        sendToolResult(c, await callToolFor(c, deps, milestonesComplete, { id: params.id, ...body })),
    }),
    defineRoute({
      method: 'post',
      path: '/milestones/:id/accept',
      operationId: 'acceptMilestone',
      tag: 'Work',
      summary: "Record the client's acceptance of a milestone",
      description: 'An accepted milestone is billed by the next billing run.',
      roles: MILESTONE_ACCEPTORS,
      params: uuidParam,
      body: milestoneAcceptSchema,
      errors: [404, 409],
      idempotency: 'tool',
      responses: { 200: { description: 'The milestone', schema: milestoneDoc } },
      handler: async (c, { params, body }) =>
        sendToolResult(c, await callToolFor(c, deps, milestonesAccept, { id: params.id, ...body })),
    }),
  ];
}
