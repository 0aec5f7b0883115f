import { z } from 'zod';
import { expenseInputSchema } from '../../billing/inputs/work-inputs.ts';
import { listExpenses } from '../../db/stores/work-queries.ts';
import { approveExpensesSchema, expensesApprove } from '../../tools/expenses/approve-expenses.ts';
import { expenseView, expenseViewSchema } from '../../tools/expenses/expense-view.ts';
import { expensesRecord } from '../../tools/expenses/record-expense.ts';
import { callTool } from '../../tools/call-tool.ts';
import { rolesFor, WORK_READERS, WORK_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { pageOf, period } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';
import { sendToolResult, toolCaller } from '../tool-route.ts';

const expenseDoc = expenseViewSchema;

/** Expenses: list, record (expenses_record) and approve (expenses_approve) through the catalogue; billing takes approved expenses only. */
export function expenseRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/expenses',
      operationId: 'listExpenses',
      tag: 'Work',
      summary: 'List expenses',
      roles: WORK_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({
        project: z.string().max(64).optional().describe('Project code'),
        period: period.optional(),
        status: z.enum(['submitted', 'approved', 'rejected']).optional(),
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
      method: 'post',
      path: '/expenses',
      operationId: 'recordExpense',
      tag: 'Work',
      summary: 'Record an expense (submitted)',
      roles: WORK_WRITERS,
      body: expenseInputSchema,
      errors: [409, 422],
      responses: { 201: { description: 'Recorded', schema: expenseDoc } },
      // Idempotency-Key stays HTTP's here (the stored response is replayed, a 4xx too): the call itself carries none.
      handler: async (c, { body }) => sendToolResult(c, await callTool(toolCaller(c, deps), expensesRecord, body), 201),
    }),
    defineRoute({
      method: 'post',
      path: '/expenses/approve',
      operationId: 'approveExpenses',
      tag: 'Work',
      roles: rolesFor('expenses.approve'),
      summary: 'Approve submitted expenses',
      description:
        'Policy decides per project, as for time: project managers approve, never their own expenses; the agent never approves. ' +
        'Every project passes or nothing is approved. Billing takes approved expenses only; submitted ones of a billed period raise unapproved_expense.',
      body: approveExpensesSchema,
      errors: [404, 409],
      responses: { 200: { description: 'What changed', schema: expensesApprove.output } },
      handler: async (c, { body }) => sendToolResult(c, await callTool(toolCaller(c, deps), expensesApprove, body)),
    }),
  ];
}
