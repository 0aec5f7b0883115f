import { z } from 'zod';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  expensesForApproval,
  markExpensesApproved,
  type ExpenseForApproval,
} from '../../db/stores/expense-approval-store.ts';
import { userIdsByEmail } from '../../db/stores/time-approval-store.ts';
import { userEmailOf } from '../../db/stores/billing-run-request.ts';
import { passGate, precheck, type GateError, type GatePassed } from '../policy-gate/approval-gate.ts';
import {
  approvalRef,
  auditEntry,
  readMatrixInForce,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../policy-gate/context.ts';

export const approveExpensesSchema = z.object({
  ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(1000)
    .describe('Ids of submitted expenses to approve (all of them or none)'),
});
export type ApproveExpensesInput = z.infer<typeof approveExpensesSchema>;

export type ApproveExpensesError = GateError | { code: 'EXPENSES_NOT_FOUND'; message: string; ids: number[] };

export interface ApproveExpensesResult {
  approved: number[];
  alreadyApproved: number[];
  rejected: number[];
}

type Group = { projectId: string; projectCode: string; entityId: string; pending: number[]; spenders: string[] };

/**
 * Approves submitted expenses so billing takes them: expenses.approve per project, decided as time
 * approval is (project managers, never their own expenses, never the agent). Decided before the
 * transaction and again inside it on locked rows; every project passes or nothing is approved.
 * Approved and rejected ones are reported as they are.
 */
export async function approveExpenses(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ApproveExpensesInput,
): Promise<Result<ApproveExpensesResult, ApproveExpensesError>> {
  const ids = [...new Set(input.ids)].sort((a, b) => a - b);
  const found = await expensesForApproval(database.db, ids);
  const missing = ids.filter((id) => !found.some((e) => e.id === id));
  if (missing.length)
    return err({ code: 'EXPENSES_NOT_FOUND', message: `${missing.length} of the expenses do not exist`, ids: missing });
  await readMatrixInForce(database.db, ctx);
  for (const g of await groups(database.db, found)) {
    const denied = precheck(ctx, actionOf(g), { entityId: g.entityId, workerIds: g.spenders });
    if (!denied.ok) return denied;
  }
  return database.db.transaction(async (tx) => {
    const rows = await expensesForApproval(tx, ids, true);
    const passed: { group: Group; gate: GatePassed }[] = [];
    for (const group of await groups(tx, rows)) {
      const gate = await passGate(tx, ctx, actionOf(group), { entityId: group.entityId, workerIds: group.spenders });
      if (!gate.ok) return gate;
      passed.push({ group, gate: gate.value });
    }
    const approver = await userEmailOf(tx, ctx.actor.userId);
    const approved: number[] = [];
    for (const { group, gate } of passed) {
      const changed = await markExpensesApproved(tx, group.pending, approver, ctx.now);
      approved.push(...changed);
      await appendAudit(
        tx,
        auditEntry(ctx, {
          action: 'expenses.approve',
          targetType: 'project',
          targetId: group.projectId,
          before: { status: 'submitted', ids: changed },
          after: { status: 'approved', ids: changed, project: group.projectCode },
          decision: toJsonValue(gate.decision),
          approvalRef: approvalRef(gate.approvals),
        }),
      );
    }
    return ok({
      approved: approved.sort((a, b) => a - b),
      alreadyApproved: rows.filter((e) => e.status === 'approved').map((e) => e.id),
      rejected: rows.filter((e) => e.status === 'rejected').map((e) => e.id),
    });
  });
}

const actionOf = (g: Group): ActionOf<'expenses.approve'> => ({
  type: 'expenses.approve',
  target: { kind: 'project', id: g.projectId },
  args: { expenseIds: g.pending.map(String) },
});

/** The submitted expenses by project, with the users who spent them (nobody approves their own). */
async function groups(db: DbOrTx, rows: ExpenseForApproval[]): Promise<Group[]> {
  const byProject = new Map<string, ExpenseForApproval[]>();
  for (const e of rows)
    if (e.status === 'submitted') byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e]);
  const out: Group[] = [];
  for (const [projectId, list] of byProject) {
    const spenders = await userIdsByEmail(db, [
      ...new Set(list.flatMap((e) => (e.personEmail ? [e.personEmail] : []))),
    ]);
    out.push({
      projectId,
      projectCode: list[0]!.projectCode,
      entityId: list[0]!.entityId,
      pending: list.map((e) => e.id),
      spenders,
    });
  }
  return out;
}

export const expensesApprove = defineTool({
  name: 'expenses_approve',
  description:
    'Approves submitted expenses (by id) so billing takes them. Policy decides per project, as for time: project managers approve, ' +
    'never their own expenses; the agent never approves. Every project passes or nothing is approved; approved and rejected ones are reported as they are.',
  input: approveExpensesSchema,
  output: z
    .object({ approved: z.array(z.number()), alreadyApproved: z.array(z.number()), rejected: z.array(z.number()) })
    .describe('What changed'),
  risk: 'decision',
  policyAction: 'expenses.approve',
  handler: (ctx, input) => approveExpenses(ctx, ctx, input),
});
