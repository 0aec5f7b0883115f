/** Loads bench/lib/firm-sql.ts's firm into a database: the master data, then the time entries by COPY. */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import { firmSql, timeCsv } from './firm-sql.ts';

/** Where time entries can go: each contract with its project, and each person with a role. */
export interface MasterIds {
  contracts: { id: string; projectId: string }[];
  people: { id: string; role: string }[];
}

/** The contracts (with their project) and people of a loaded firm, in code order. */
export async function masterIds(database: Database): Promise<MasterIds> {
  const contracts = await queryRows<{ id: string; project_id: string }>(
    database.db,
    sql`SELECT k.id, p.id AS project_id FROM contracts k JOIN projects p ON p.contract_id = k.id ORDER BY k.code`,
  );
  const people = await queryRows<{ id: string; role: string }>(
    database.db,
    sql`SELECT id, role FROM people ORDER BY code`,
  );
  return { contracts: contracts.map((c) => ({ id: c.id, projectId: c.project_id })), people };
}

/**
 * The firm of `contracts` contracts and `people` people with `entries` approved time entries, handed to `copy` as CSV
 * (each database has its own COPY), then analyzed.
 */
export async function loadFirm(
  database: Database,
  size: { contracts: number; people: number; entries: number },
  copy: (csv: Iterable<string>) => Promise<void>,
): Promise<void> {
  for (const s of firmSql(size.contracts, size.people)) await database.db.execute(sql.raw(s));
  const ids = await masterIds(database);
  await copy(timeCsv(size.entries, ids.contracts, ids.people));
  await database.db.execute(sql`ANALYZE`);
}
