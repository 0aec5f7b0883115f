import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { contracts, expenses, milestones, people, projects, timeEntries, usageRecords } from '../schema/index.ts';
import { periodBounds } from '../../shared/dates.ts';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { inEntities } from './master-data-queries.ts';

/** Filters shared by the lists of recorded work. */
export interface WorkFilter {
  entityIds: string[] | null;
  project?: string | undefined;
  contract?: string | undefined;
  period?: string | undefined;
  status?: string | undefined;
  /** One record by id (after writing it). */
  id?: number | undefined;
  limit: number;
  offset: number;
}

async function total(db: DbOrTx, from: SQL, where: SQL | undefined): Promise<number> {
  const r = (await db.execute(
    sql`SELECT count(*)::int AS n FROM ${from} ${where ? sql`WHERE ${where}` : sql``}`,
  )) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n ?? 0);
}

const within = (col: PgColumn, period: string | undefined): SQL | undefined => {
  if (!period) return undefined;
  const { start, end } = periodBounds(period);
  return and(gte(col, start), lte(col, end));
};

/** Time entries, newest first, with person, project and contract codes. */
export async function listTimeEntries(db: DbOrTx, f: WorkFilter & { person?: string | undefined }) {
  const where = and(
    inEntities(contracts.legalEntityId, f.entityIds),
    f.project ? eq(projects.code, f.project) : undefined,
    f.person ? eq(people.code, f.person) : undefined,
    f.status ? sql`${timeEntries.approvalStatus} = ${f.status}` : undefined,
    within(timeEntries.workDate, f.period),
  );
  const rows = await db
    .select({ entry: timeEntries, personCode: people.code, projectCode: projects.code, contractCode: contracts.code })
    .from(timeEntries)
    .innerJoin(people, eq(people.id, timeEntries.personId))
    .innerJoin(projects, eq(projects.id, timeEntries.projectId))
    .innerJoin(contracts, eq(contracts.id, timeEntries.contractId))
    .where(where)
    .orderBy(desc(timeEntries.workDate), desc(timeEntries.id))
    .limit(f.limit)
    .offset(f.offset);
  const from = sql`time_entries JOIN people ON people.id = time_entries.person_id JOIN projects ON projects.id = time_entries.project_id JOIN contracts ON contracts.id = time_entries.contract_id`;
  return { rows, total: await total(db, from, where) };
}

/** Expenses, newest first. */
export async function listExpenses(db: DbOrTx, f: WorkFilter) {
  const where = and(
    inEntities(contracts.legalEntityId, f.entityIds),
    f.project ? eq(projects.code, f.project) : undefined,
    f.id ? eq(expenses.id, f.id) : undefined,
    f.status ? sql`${expenses.approvalStatus} = ${f.status}` : undefined,
    within(expenses.incurredOn, f.period),
  );
  const rows = await db
    .select({ expense: expenses, personCode: people.code, projectCode: projects.code, contractCode: contracts.code })
    .from(expenses)
    .leftJoin(people, eq(people.id, expenses.personId))
    .innerJoin(projects, eq(projects.id, expenses.projectId))
    .innerJoin(contracts, eq(contracts.id, expenses.contractId))
    .where(where)
    .orderBy(desc(expenses.incurredOn), desc(expenses.id))
    .limit(f.limit)
    .offset(f.offset);
  const from = sql`expenses JOIN projects ON projects.id = expenses.project_id JOIN contracts ON contracts.id = expenses.contract_id`;
  return { rows, total: await total(db, from, where) };
}

const milestoneSelect = {
  milestone: milestones,
  contractCode: contracts.code,
  currency: contracts.currency,
  entityId: contracts.legalEntityId,
};

/** Milestones by contract and due date. */
export async function listMilestones(db: DbOrTx, f: WorkFilter) {
  const where = and(
    inEntities(contracts.legalEntityId, f.entityIds),
    f.contract ? eq(contracts.code, f.contract) : undefined,
    f.status ? sql`${milestones.status} = ${f.status}` : undefined,
  );
  const rows = await db
    .select(milestoneSelect)
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(where)
    .orderBy(asc(contracts.code), asc(milestones.dueDate), asc(milestones.id))
    .limit(f.limit)
    .offset(f.offset);
  return {
    rows,
    total: await total(db, sql`milestones JOIN contracts ON contracts.id = milestones.contract_id`, where),
  };
}

/** One milestone with its contract's entity; FOR UPDATE inside a transaction that changes it. */
export async function getMilestone(db: DbOrTx, id: string, lock = false) {
  const q = db
    .select(milestoneSelect)
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(eq(milestones.id, id));
  const [row] = lock ? await q.for('update', { of: milestones }) : await q;
  return row ?? null;
}

/** Usage records, newest first. */
export async function listUsage(db: DbOrTx, f: WorkFilter) {
  const where = and(
    inEntities(contracts.legalEntityId, f.entityIds),
    f.contract ? eq(contracts.code, f.contract) : undefined,
    within(usageRecords.occurredOn, f.period),
  );
  const rows = await db
    .select({ usage: usageRecords, contractCode: contracts.code })
    .from(usageRecords)
    .innerJoin(contracts, eq(contracts.id, usageRecords.contractId))
    .where(where)
    .orderBy(desc(usageRecords.occurredOn), desc(usageRecords.id))
    .limit(f.limit)
    .offset(f.offset);
  return {
    rows,
    total: await total(db, sql`usage_records JOIN contracts ON contracts.id = usage_records.contract_id`, where),
  };
}
