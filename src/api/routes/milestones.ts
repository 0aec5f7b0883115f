import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { milestoneAcceptSchema, milestoneCompleteSchema } from '../../billing/inputs/work-inputs.ts';
import { milestones } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { getMilestone, listMilestones } from '../../db/stores/work-queries.ts';
import { format } from '../../shared/money.ts';
import { CONTRACT_READERS, MILESTONE_ACCEPTORS, MILESTONE_COMPLETERS } from '../access.ts';
import type { AuthEnv } from '../auth/context.ts';
import { auditEntry } from '../audit-entry.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, uuidParam } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';

type Row = NonNullable<Awaited<ReturnType<typeof getMilestone>>>;
const milestoneView = (r: Row) => ({
  id: r.milestone.id, contract: r.contractCode, name: r.milestone.name,
  amount: r.milestone.amountMinor === null ? null : { amount: format({ amountMinor: r.milestone.amountMinor, currency: r.currency }), currency: r.currency },
  percent: r.milestone.percent, dueDate: r.milestone.dueDate, status: r.milestone.status,
  completedOn: r.milestone.completedOn, acceptedOn: r.milestone.acceptedOn, acceptedBy: r.milestone.acceptedBy,
});
const milestoneDoc = objectSchema('A milestone');

/** pending -> completed -> accepted; asking for the state it is already in returns it unchanged. */
async function transition(c: Context<AuthEnv>, deps: ApiDeps, id: string, to: 'completed' | 'accepted', set: Partial<typeof milestones.$inferInsert>): Promise<Response> {
  const { db } = deps.database;
  const current = await getMilestone(db, id);
  if (!current) return sendError(c, 'MILESTONE_NOT_FOUND', `No milestone ${id}`, { id });
  if (!mayTouchEntity(c, current.entityId)) return outOfScope(c, current.entityId);
  const from = to === 'completed' ? ['pending'] : ['pending', 'completed'];
  const out = await db.transaction(async (tx) => {
    const m = (await getMilestone(tx, id, true))!;
    if (m.milestone.status === to) return { ok: true as const, row: m };
    if (!from.includes(m.milestone.status)) return { ok: false as const, status: m.milestone.status };
    await tx.update(milestones).set({ ...set, status: to }).where(eq(milestones.id, id));
    const after = (await getMilestone(tx, id))!;
    await appendAudit(tx, auditEntry(c, {
      action: to === 'completed' ? 'milestone.complete' : 'milestone.accept', targetType: 'milestone', targetId: id,
      before: milestoneView(m), after: milestoneView(after),
    }, deps.now()));
    return { ok: true as const, row: after };
  });
  if (!out.ok) return sendError(c, 'MILESTONE_STATE_CONFLICT', `A ${out.status} milestone cannot become ${to}`, { status: out.status });
  return c.json(milestoneView(out.row));
}

/** Milestones: list, complete (delivery done), accept (client accepted: billable). */
export function milestoneRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get', path: '/milestones', operationId: 'listMilestones', tag: 'Work', summary: 'List milestones', roles: CONTRACT_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({
        contract: z.string().max(64).optional().describe('Contract code'), status: z.enum(['pending', 'completed', 'accepted']).optional(),
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
      method: 'post', path: '/milestones/:id/complete', operationId: 'completeMilestone', tag: 'Work', summary: 'Mark a milestone completed',
      roles: MILESTONE_COMPLETERS, params: uuidParam, body: milestoneCompleteSchema, errors: [404, 409],
      responses: { 200: { description: 'The milestone', schema: milestoneDoc } },
      handler: (c, { params, body }) => transition(c, deps, params.id, 'completed', { completedOn: body.completedOn }),
    }),
    defineRoute({
      method: 'post', path: '/milestones/:id/accept', operationId: 'acceptMilestone', tag: 'Work', summary: "Record the client's acceptance of a milestone",
      description: 'An accepted milestone is billed by the next billing run.',
      roles: MILESTONE_ACCEPTORS, params: uuidParam, body: milestoneAcceptSchema, errors: [404, 409],
      responses: { 200: { description: 'The milestone', schema: milestoneDoc } },
      handler: (c, { params, body }) => transition(c, deps, params.id, 'accepted', { acceptedOn: body.acceptedOn, acceptedBy: body.acceptedBy }),
    }),
  ];
}
