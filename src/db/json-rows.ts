import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/** JSON carries these as they are, both ways; every other column travels as text through its column's own mapper. */
const NATIVE_JSON = new Set(['PgBoolean', 'PgJson', 'PgJsonb']);

/**
 * A table's rows as one JSON array, to select as a correlated subquery beside a parent row: a detail
 * and its children in one statement instead of one per table. Each value travels as text (booleans
 * and json as they are), so bigint money, numerics and timestamps keep every digit, and `decode`
 * turns the array back into the rows drizzle's own select would give, through each column's mapper
 * (`pick`: only the columns a reader uses, for a detail whose children carry more than it shows).
 */
export function jsonRows<
  T extends PgTable,
  K extends keyof T['$inferSelect'] & string = keyof T['$inferSelect'] & string,
>(
  table: T,
  where: (t: T) => SQL,
  orderBy: (t: T) => SQL,
  /** Only these columns (the rest are neither built nor sent); every column when left out. */
  pick?: readonly K[],
) {
  const all = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const columns = pick ? all.filter(([key]) => (pick as readonly string[]).includes(key)) : all;
  const alias = `${getTableName(table)}`;
  const pairs = sql.join(
    columns.map(([key, c]) => {
      const ref = sql`${sql.identifier(alias)}.${sql.identifier(c.name)}`;
      return sql`${key}::text, ${NATIVE_JSON.has(c.columnType) ? ref : sql`${ref}::text`}`;
    }),
    sql`, `,
  );
  const query = sql<unknown>`(SELECT COALESCE(json_agg(json_build_object(${pairs}) ORDER BY ${orderBy(table)}), '[]'::json)
    FROM ${table} WHERE ${where(table)})`;
  const decode = (value: unknown): Pick<T['$inferSelect'], K>[] => {
    const rows = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>[];
    return rows.map((raw) => {
      const row: Record<string, unknown> = {};
      for (const [key, c] of columns) {
        const v = raw[key];
        row[key] = v === null || v === undefined ? null : NATIVE_JSON.has(c.columnType) ? v : c.mapFromDriverValue(v);
      }
      return row as Pick<T['$inferSelect'], K>;
    });
  };
  return { query, decode };
}

/**
 * Rows as the JSON text json_populate_recordset(NULL::table, ...) reads: every row gives the keys
 * of the first, each value through its column's own mapper under the column's name; `extra` adds
 * keys of its own to each row, as they are (for a statement that reads them with ->>). Also the
 * column names, and whether one is an identity column (written with OVERRIDING SYSTEM VALUE).
 */
export function encodeJsonRows<T extends PgTable>(
  table: T,
  rows: Partial<T['$inferInsert']>[],
  extra?: (index: number) => Record<string, unknown>,
) {
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0] ?? {}).filter((k) => all[k]);
  const names = keys.map((k) => all[k]!.name);
  const json = JSON.stringify(
    rows.map((r, i) => {
      const out: Record<string, unknown> = extra ? extra(i) : {};
      keys.forEach((k, j) => {
        const v = (r as Record<string, unknown>)[k];
        const c = all[k]!;
        out[names[j]!] =
          v === null || v === undefined ? null : NATIVE_JSON.has(c.columnType) ? v : c.mapToDriverValue(v);
      });
      return out;
    }),
  );
  return { json, names, identity: keys.some((k) => all[k]!.generatedIdentity) };
}

/**
 * An INSERT of many rows from one JSON parameter (json_populate_recordset), writing only where
 * `gate` holds: for a one-statement commit (commitInOneStatement), and for any number of rows
 * without the 65,535-parameter bound. Every row gives the same keys; each value goes through its
 * column's own mapper, and columns left out take their defaults. Explicit values for an identity
 * column (ids allocated beforehand) are written with OVERRIDING SYSTEM VALUE.
 */
export function insertJsonRows<T extends PgTable>(table: T, rows: T['$inferInsert'][]) {
  const { json, names, identity } = encodeJsonRows(table, rows);
  const columns = sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
  const overriding = identity ? sql` OVERRIDING SYSTEM VALUE` : sql``;
  return (gate: SQL) =>
    sql`INSERT INTO ${table} (${columns})${overriding} SELECT ${columns} FROM json_populate_recordset(NULL::${table}, ${json}::json) WHERE ${gate} RETURNING 1`;
}
