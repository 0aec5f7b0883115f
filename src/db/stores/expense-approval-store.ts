import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import type { EntryForApproval } from './time-approval-store.ts';
import { contracts, expenses, people, projects } from '../schema/index.ts';

/** An expense with what approving it needs: the same fields as a time entry's (personEmail: its spender, if named). */
export type ExpenseForApproval = EntryForApproval;

/** Reads expenses by id; with lock, FOR UPDATE so two approvals of the same expenses queue. */
export async function expensesForApproval(db: DbOrTx, ids: number[], lock = false): Promise<ExpenseForApproval[]> {
  const q = db
    .select({
      id: expenses.id,
      status: expenses.approvalStatus,
      projectId: expenses.projectId,
      projectCode: projects.code,
      entityId: contracts.legalEntityId,
      personEmail: people.email,
    })
    .from(expenses)
    .innerJoin(projects, eq(projects.id, expenses.projectId))
    .innerJoin(contracts, eq(contracts.id, expenses.contractId))
    // An expense need not name a person (a project cost); then nobody is excluded as its spender.
    .leftJoin(people, eq(people.id, expenses.personId))
    .where(inArray(expenses.id, ids))
    .orderBy(expenses.id);
  return lock ? q.for('update', { of: expenses }) : q;
}

/** Marks submitted expenses approved by this approver; returns the ids that changed. */
export async function markExpensesApproved(db: DbOrTx, ids: number[], approvedBy: string, at: Date): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(expenses)
    .set({ approvalStatus: 'approved', approvedBy, approvedAt: at })
    .where(and(inArray(expenses.id, ids), eq(expenses.approvalStatus, 'submitted')))
    .returning({ id: expenses.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
