import { expensesList } from '../../tools/expenses/list-expenses.ts';
import { expenseInputSchema } from '../../billing/inputs/work-inputs.ts';
import { approveExpensesSchema, expensesApprove } from '../../tools/expenses/approve-expenses.ts';
import { expenseViewSchema } from '../../tools/expenses/expense-view.ts';
import { expensesRecord } from '../../tools/expenses/record-expense.ts';
import { callTool } from '../../tools/call-tool.ts';
import { rolesFor, WORK_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { sendToolResult, toolCaller, toolRoute } from '../tool-route.ts';

const expenseDoc = expenseViewSchema;

/** Expenses: list, record (expenses_record) and approve (expenses_approve) through the catalogue; billing takes approved expenses only. */
export function expenseRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, expensesList, {
      method: 'get',
      path: '/expenses',
      operationId: 'listExpenses',
      tag: 'Work',
      summary: 'List expenses',
      responseDescription: 'A page of expenses',
    }),
    defineRoute({
      method: 'post',
      path: '/expenses',
      operationId: 'recordExpense',
      tool: expensesRecord,
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
      tool: expensesApprove,
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
