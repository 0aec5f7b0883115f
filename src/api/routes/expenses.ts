import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { expenseInputSchema } from '../../billing/inputs/work-inputs.ts';
import { expenses, people, projects } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { entitiesOf } from '../../db/stores/master-data-queries.ts';
import { listExpenses } from '../../db/stores/work-queries.ts';
import { format, parse } from '../../shared/money.ts';
import { approveExpenses, approveExpensesSchema } from '../../db/usecases/approve-expenses.ts';
import { rolesFor, WORK_READERS, WORK_WRITERS } from '../access.ts';
import { auditEntry } from '../audit-entry.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, period } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';
import { sendResult, useCaseContext } from '../use-case.ts';

type Row = Awaited<ReturnType<typeof listExpenses>>['rows'][number];
const expenseView = (r: Row) => ({
  id: r.expense.id, externalId: r.expense.externalId, project: r.projectCode, contract: r.contractCode, person: r.personCode,
  incurredOn: r.expense.incurredOn, category: r.expense.category, description: r.expense.description,
  amount: { amount: format({ amountMinor: r.expense.amountMinor, currency: r.expense.currency }), currency: r.expense.currency },
  billable: r.expense.billable, status: r.expense.approvalStatus, approvedBy: r.expense.approvedBy, approvedAt: r.expense.approvedAt?.toISOString() ?? null,
});
const expenseDoc = objectSchema('An expense');

/** Expenses: list, record, and approval through policy (billing takes approved expenses only). */
export function expenseRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get', path: '/expenses', operationId: 'listExpenses', tag: 'Work', summary: 'List expenses', roles: WORK_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({
        project: z.string().max(64).optional().describe('Project code'), period: period.optional(), status: z.enum(['submitted', 'approved', 'rejected']).optional(),
      }),
      responses: { 200: { description: 'A page of expenses', schema: pageOf(expenseDoc) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listExpenses(db, { ...query, entityIds: scope.value });
        return c.json(page(rows.map(expenseView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'post', path: '/expenses', operationId: 'recordExpense', tag: 'Work', summary: 'Record an expense (submitted)', roles: WORK_WRITERS,
      body: expenseInputSchema, errors: [409, 422], responses: { 201: { description: 'Recorded', schema: expenseDoc } },
      handler: async (c, { body }) => {
        const entityId = (await entitiesOf(db, 'project', [body.project])).get(body.project);
        if (entityId === undefined) return sendError(c, 'UNKNOWN_REFERENCE', `project: no project with code "${body.project}"`, { path: 'project' });
        if (!mayTouchEntity(c, entityId)) return outOfScope(c, entityId);
        const [project] = await db.select({ id: projects.id, contractId: projects.contractId }).from(projects).where(inArray(projects.code, [body.project]));
        let personId: string | null = null;
        if (body.person) {
          const [p] = await db.select({ id: people.id }).from(people).where(inArray(people.code, [body.person]));
          if (!p) return sendError(c, 'UNKNOWN_REFERENCE', `person: no person with code "${body.person}"`, { path: 'person' });
          personId = p.id;
        }
        const id = await db.transaction(async (tx) => {
          const [row] = await tx.insert(expenses).values({
            externalId: body.externalId ?? null, projectId: project!.id, contractId: project!.contractId, personId, incurredOn: body.incurredOn,
            category: body.category, description: body.description, amountMinor: parse(body.amount, body.currency).amountMinor, currency: body.currency,
            billable: body.billable,
          }).onConflictDoNothing().returning({ id: expenses.id });
          if (!row) return null;
          await appendAudit(tx, auditEntry(c, { action: 'expense.record', targetType: 'expense', targetId: String(row.id), before: null, after: { ...body } }));
          return row.id;
        });
        if (id === null) return sendError(c, 'EXTERNAL_ID_TAKEN', `An expense with external id "${body.externalId}" exists`, { externalId: body.externalId });
        const { rows } = await listExpenses(db, { entityIds: null, id, limit: 1, offset: 0 });
        return c.json(expenseView(rows[0]!), 201);
      },
    }),
    defineRoute({
      method: 'post', path: '/expenses/approve', operationId: 'approveExpenses', tag: 'Work', roles: rolesFor('expenses.approve'),
      summary: 'Approve submitted expenses',
      description: 'Policy decides per project, as for time: project managers approve, never their own expenses; the agent never approves. '
        + 'Every project passes or nothing is approved. Billing takes approved expenses only; submitted ones of a billed period raise unapproved_expense.',
      body: approveExpensesSchema, errors: [404, 409],
      responses: { 200: { description: 'What changed', schema: z.object({ approved: z.array(z.number()), alreadyApproved: z.array(z.number()), rejected: z.array(z.number()) }) } },
      handler: async (c, { body }) => sendResult(c, await approveExpenses(deps.database, useCaseContext(c, deps.now()), body)),
    }),
  ];
}
