import { type SQL, sql } from 'drizzle-orm';

/**
 * A caller's entity scope as a SQL condition on a legal-entity column: every entity (null: true), none
 * (an empty list: false), or those listed.
 * @example sql`... WHERE ${inEntities(sql.raw('i.legal_entity_id'), scope)}`
 */
export function inEntities(column: SQL, entityIds: readonly string[] | null): SQL {
  if (entityIds === null) return sql`true`;
  if (entityIds.length === 0) return sql`false`;
  return sql`${column} IN (${sql.join(
    entityIds.map((e) => sql`${e}::uuid`),
    sql`, `,
  )})`;
}
