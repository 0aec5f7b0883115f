import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client.ts';
import { clients, contracts, legalEntities, milestones, people, projects, rateCardEntries } from '../schema/index.ts';

/** Paging plus the legal entities a list is limited to (null = all). */
export interface ScopedPage {
  entityIds: string[] | null;
  limit: number;
  offset: number;
}

/** A filter on an entity column; undefined = no filter. */
export const inEntities = (col: PgColumn, ids: string[] | null): SQL | undefined =>
  ids === null ? undefined : ids.length === 0 ? sql`false` : inArray(col, ids);

async function count(db: DbOrTx, from: SQL, where: SQL | undefined): Promise<number> {
  const r = (await db.execute(
    sql`SELECT count(*)::int AS n FROM ${from} ${where ? sql`WHERE ${where}` : sql``}`,
  )) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n ?? 0);
}

/** Clients with their legal entity code, by code. */
export async function listClients(db: DbOrTx, f: ScopedPage) {
  const where = inEntities(clients.legalEntityId, f.entityIds);
  const rows = await db
    .select({ client: clients, entityCode: legalEntities.code })
    .from(clients)
    .innerJoin(legalEntities, eq(legalEntities.id, clients.legalEntityId))
    .where(where)
    .orderBy(asc(clients.code))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: await count(db, sql`clients`, where) };
}

/** The legal entity code of each client among these codes that exists, by client code. */
export async function clientEntityCodes(db: DbOrTx, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: clients.code, entityCode: legalEntities.code })
    .from(clients)
    .innerJoin(legalEntities, eq(legalEntities.id, clients.legalEntityId))
    .where(inArray(clients.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, r.entityCode]));
}

/** One client by code with its legal entity's code and the account that entity's clients pay into, or null. */
export async function getClient(db: DbOrTx, code: string) {
  const [row] = await db
    .select({
      client: clients,
      entityCode: legalEntities.code,
      // The account the entity's invoices and reminders print: moving the client changes it (client-view.ts).
      entityAccount: {
        bankName: legalEntities.bankName,
        iban: legalEntities.iban,
        bic: legalEntities.bic,
        accountNumber: legalEntities.accountNumber,
        routingCode: legalEntities.routingCode,
      },
    })
    .from(clients)
    .innerJoin(legalEntities, eq(legalEntities.id, clients.legalEntityId))
    .where(eq(clients.code, code));
  return row ?? null;
}

/** Contracts with client and entity codes. */
export async function listContracts(db: DbOrTx, f: ScopedPage & { clientCode?: string | undefined }) {
  const where = and(
    inEntities(contracts.legalEntityId, f.entityIds),
    f.clientCode ? eq(clients.code, f.clientCode) : undefined,
  );
  const rows = await db
    .select({ contract: contracts, clientCode: clients.code, entityCode: legalEntities.code })
    .from(contracts)
    .innerJoin(clients, eq(clients.id, contracts.clientId))
    .innerJoin(legalEntities, eq(legalEntities.id, contracts.legalEntityId))
    .where(where)
    .orderBy(asc(contracts.code))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: await count(db, sql`contracts JOIN clients ON clients.id = contracts.client_id`, where) };
}

/** One contract with its rate card, milestones and projects. */
export async function getContract(db: DbOrTx, code: string) {
  return (await getContracts(db, [code])).get(code) ?? null;
}

/**
 * getContract for many codes in four reads, whatever their number (the master-data bundle compares every contract it
 * names before and after writing): the contracts that exist, by code, each as getContract answers it.
 */
export async function getContracts(db: DbOrTx, codes: readonly string[]) {
  const heads =
    codes.length === 0
      ? []
      : await db
          .select({ contract: contracts, clientCode: clients.code, entityCode: legalEntities.code })
          .from(contracts)
          .innerJoin(clients, eq(clients.id, contracts.clientId))
          .innerJoin(legalEntities, eq(legalEntities.id, contracts.legalEntityId))
          .where(inArray(contracts.code, [...new Set(codes)]));
  const ids = heads.map((h) => h.contract.id);
  const none = ids.length === 0;
  const [rates, ms, prs] = await Promise.all([
    none
      ? []
      : db
          .select({ entry: rateCardEntries, personCode: people.code })
          .from(rateCardEntries)
          .leftJoin(people, eq(people.id, rateCardEntries.personId))
          .where(inArray(rateCardEntries.contractId, ids))
          .orderBy(asc(rateCardEntries.role), asc(rateCardEntries.effectiveFrom)),
    none
      ? []
      : db
          .select()
          .from(milestones)
          .where(inArray(milestones.contractId, ids))
          .orderBy(asc(milestones.dueDate), asc(milestones.name)),
    none ? [] : db.select().from(projects).where(inArray(projects.contractId, ids)).orderBy(asc(projects.code)),
  ]);
  const of = <T>(rows: T[], id: string, idOf: (r: T) => string) => rows.filter((r) => idOf(r) === id);
  return new Map(
    heads.map((h) => {
      const id = h.contract.id;
      const detail = {
        ...h,
        rates: of(rates, id, (r) => r.entry.contractId),
        milestones: of(ms, id, (m) => m.contractId),
        projects: of(prs, id, (p) => p.contractId),
      };
      return [h.contract.code, detail] as const;
    }),
  );
}

const projectSelect = {
  project: projects,
  contractCode: contracts.code,
  entityId: contracts.legalEntityId,
  entityCode: legalEntities.code,
};

/** Projects with their contract and entity. */
export async function listProjects(db: DbOrTx, f: ScopedPage & { contractCode?: string | undefined }) {
  const where = and(
    inEntities(contracts.legalEntityId, f.entityIds),
    f.contractCode ? eq(contracts.code, f.contractCode) : undefined,
  );
  const rows = await db
    .select(projectSelect)
    .from(projects)
    .innerJoin(contracts, eq(contracts.id, projects.contractId))
    .innerJoin(legalEntities, eq(legalEntities.id, contracts.legalEntityId))
    .where(where)
    .orderBy(asc(projects.code))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: await count(db, sql`projects JOIN contracts ON contracts.id = projects.contract_id`, where) };
}

export async function getProject(db: DbOrTx, code: string) {
  const [row] = await db
    .select(projectSelect)
    .from(projects)
    .innerJoin(contracts, eq(contracts.id, projects.contractId))
    .innerJoin(legalEntities, eq(legalEntities.id, contracts.legalEntityId))
    .where(eq(projects.code, code));
  return row ?? null;
}

/** People; those without an entity are firm-wide and listed only for users with access to every entity. */
export async function listPeople(db: DbOrTx, f: ScopedPage) {
  const where = inEntities(people.legalEntityId, f.entityIds);
  const rows = await db
    .select({ person: people, entityCode: legalEntities.code })
    .from(people)
    .leftJoin(legalEntities, eq(legalEntities.id, people.legalEntityId))
    .where(where)
    .orderBy(asc(people.code))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: await count(db, sql`people`, where) };
}

export async function getPerson(db: DbOrTx, code: string) {
  const [row] = await db
    .select({ person: people, entityCode: legalEntities.code })
    .from(people)
    .leftJoin(legalEntities, eq(legalEntities.id, people.legalEntityId))
    .where(eq(people.code, code));
  return row ?? null;
}

/** The legal entity of each code's owner, for scope checks before a write: clients, contracts, projects, people. */
export async function entitiesOf(
  db: DbOrTx,
  kind: 'client' | 'contract' | 'project' | 'person',
  codes: string[],
): Promise<Map<string, string | null>> {
  if (codes.length === 0) return new Map();
  const unique = [...new Set(codes)];
  const rows: { code: string; entityId: string | null }[] =
    kind === 'client'
      ? await db
          .select({ code: clients.code, entityId: clients.legalEntityId })
          .from(clients)
          .where(inArray(clients.code, unique))
      : kind === 'contract'
        ? await db
            .select({ code: contracts.code, entityId: contracts.legalEntityId })
            .from(contracts)
            .where(inArray(contracts.code, unique))
        : kind === 'project'
          ? await db
              .select({ code: projects.code, entityId: contracts.legalEntityId })
              .from(projects)
              .innerJoin(contracts, eq(contracts.id, projects.contractId))
              .where(inArray(projects.code, unique))
          : await db
              .select({ code: people.code, entityId: people.legalEntityId })
              .from(people)
              .where(inArray(people.code, unique));
  return new Map(rows.map((r) => [r.code, r.entityId]));
}

/** How many contracts exist, to tell an empty database from a seeded one. */
export async function countContracts(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(contracts);
  return Number(r?.n ?? 0);
}
