import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { contracts, people, projects, timeEntries, users } from '../schema/index.ts';

/** A time entry with what approving it needs: its status, project, entity and worker. */
export interface EntryForApproval {
  id: number;
  status: 'submitted' | 'approved' | 'rejected';
  projectId: string;
  projectCode: string;
  entityId: string;
  personEmail: string | null;
}

/** Reads time entries by id; with lock, FOR UPDATE so two approvals of the same entries queue. */
export async function entriesForApproval(db: DbOrTx, ids: number[], lock = false): Promise<EntryForApproval[]> {
  const q = db
    .select({
      id: timeEntries.id,
      status: timeEntries.approvalStatus,
      projectId: timeEntries.projectId,
      projectCode: projects.code,
      entityId: contracts.legalEntityId,
      personEmail: people.email,
    })
    .from(timeEntries)
    .innerJoin(projects, eq(projects.id, timeEntries.projectId))
    .innerJoin(contracts, eq(contracts.id, timeEntries.contractId))
    .innerJoin(people, eq(people.id, timeEntries.personId))
    .where(inArray(timeEntries.id, ids))
    .orderBy(timeEntries.id);
  return lock ? q.for('update', { of: timeEntries }) : q;
}

/** User ids of the people (by email) whose time this is: nobody approves their own time. */
export async function userIdsByEmail(db: DbOrTx, emails: string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.email})`,
        emails.map((e) => e.toLowerCase()),
      ),
    );
  return rows.map((r) => r.id);
}

/** Marks submitted entries approved; returns the ids that changed. */
export async function markTimeApproved(db: DbOrTx, ids: number[], approvedBy: string, at: Date): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(timeEntries)
    .set({ approvalStatus: 'approved', approvedBy, approvedAt: at })
    .where(and(inArray(timeEntries.id, ids), eq(timeEntries.approvalStatus, 'submitted')))
    .returning({ id: timeEntries.id });
  return rows.map((r) => r.id);
}

/** A user's e-mail by id (what approved_by records for approved time); null for an unknown id. */
export async function userEmailById(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return row?.email ?? null;
}
