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

/** Projects by code, with their contract and the contract's legal entity. */
export async function projectsByCodes(db: DbOrTx, codes: string[]) {
  return db
    .select({
      id: projects.id,
      code: projects.code,
      contractId: projects.contractId,
      entityId: contracts.legalEntityId,
    })
    .from(projects)
    .innerJoin(contracts, eq(contracts.id, projects.contractId))
    .where(inArray(projects.code, codes));
}

/** People's ids by code. */
export async function personIdsByCodes(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ id: people.id, code: people.code }).from(people).where(inArray(people.code, codes));
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** The external ids among these that an expense already has. */
export async function takenExpenseExternalIds(db: DbOrTx, externalIds: string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await db
    .select({ externalId: expenses.externalId })
    .from(expenses)
    .where(inArray(expenses.externalId, externalIds));
  return new Set(rows.flatMap((r) => (r.externalId ? [r.externalId] : [])));
}

/** Inserts expenses as submitted, all or none (a taken external id throws the unique violation); their ids in input order. */
export async function insertExpenses(db: DbOrTx, rows: (typeof expenses.$inferInsert)[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 1000)
    ids.push(
      ...(
        await db
          .insert(expenses)
          .values(rows.slice(i, i + 1000))
          .returning({ id: expenses.id })
      ).map((r) => r.id),
    );
  return ids;
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
