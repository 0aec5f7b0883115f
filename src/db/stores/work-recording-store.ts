import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { contracts, expenses, milestones, people, projects, usageRecords } from '../schema/index.ts';

/** Writes of recorded work other than time (expenses, usage, milestone events): no policy, no audit (src/tools has both). */

/** A project's id and contract, by code; null when there is none. */
export async function projectByCode(db: DbOrTx, code: string): Promise<{ id: string; contractId: string } | null> {
  const [p] = await db
    .select({ id: projects.id, contractId: projects.contractId })
    .from(projects)
    .where(inArray(projects.code, [code]));
  return p ?? null;
}

/** A person's id by code; null when there is none. */
export async function personIdByCode(db: DbOrTx, code: string): Promise<string | null> {
  const [p] = await db
    .select({ id: people.id })
    .from(people)
    .where(inArray(people.code, [code]));
  return p?.id ?? null;
}

/** Inserts an expense as submitted; null when its external id is taken (nothing written). */
export async function insertExpense(db: DbOrTx, e: typeof expenses.$inferInsert): Promise<number | null> {
  const [row] = await db.insert(expenses).values(e).onConflictDoNothing().returning({ id: expenses.id });
  return row?.id ?? null;
}

/** Contracts by code, with their entity and pricing models. */
export async function contractsByCodes(db: DbOrTx, codes: string[]) {
  return db
    .select({ id: contracts.id, code: contracts.code, entityId: contracts.legalEntityId, models: contracts.models })
    .from(contracts)
    .where(inArray(contracts.code, codes));
}

/** Inserts usage readings; a reading whose event key was taken before is skipped. The ids of those stored. */
export async function insertUsageRecords(db: DbOrTx, rows: (typeof usageRecords.$inferInsert)[]): Promise<number[]> {
  return (await db.insert(usageRecords).values(rows).onConflictDoNothing().returning({ id: usageRecords.id })).map(
    (r) => r.id,
  );
}

/** Sets a milestone's status and the fields of that transition. */
export async function setMilestoneStatus(
  db: DbOrTx,
  id: string,
  set: Partial<typeof milestones.$inferInsert>,
): Promise<void> {
  await db.update(milestones).set(set).where(eq(milestones.id, id));
}
