import { milestonesList } from '../../tools/milestones/list-milestones.ts';
import { milestoneAcceptSchema, milestoneCompleteSchema } from '../../billing/inputs/work-inputs.ts';
import { milestonesAccept } from '../../tools/milestones/accept-milestone.ts';
import { milestonesComplete } from '../../tools/milestones/complete-milestone.ts';
import { milestoneViewSchema } from '../../tools/milestones/transition-milestone.ts';
import { MILESTONE_ACCEPTORS, MILESTONE_COMPLETERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { uuidParam } from '../schemas.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';

const milestoneDoc = milestoneViewSchema;

/** Milestones: list, complete (delivery done: milestones_complete), accept (client accepted, billable: milestones_accept). */
export function milestoneRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, milestonesList, {
      method: 'get',
      path: '/milestones',
      operationId: 'listMilestones',
      tag: 'Work',
      summary: 'List milestones',
      responseDescription: 'A page of milestones',
    }),
    defineRoute({
      method: 'post',
      path: '/milestones/:id/complete',
      operationId: 'completeMilestone',
      tool: milestonesComplete,
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
      tool: milestonesAccept,
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
