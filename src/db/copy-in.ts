import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import { type DbOrTx, serverPoolOf } from './client.ts';

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : v;
}

/**
 * Sends rows to `COPY table (columns) FROM STDIN` (text format, one line per row, fields by
 * copyField) on a pooled PostgreSQL connection of its own, its own transaction: false, having sent
 * nothing and not built `lines`, where the handle has no server pool (PGlite, or a transaction's
 * handle), so the caller writes another way. COPY parses a row several times cheaper than the same values as array
 * parameters through unnest (200,000 staged worklist rows: 1.7 s against 3.1 s, 0.5 against 1.1 s
 * of the server's CPU), and nothing is built per column.
 */
export async function copyInto(db: DbOrTx, statement: string, lines: () => string): Promise<boolean> {
  const pool = serverPoolOf(db);
  if (!pool) return false;
  const client = await pool.connect();
  try {
    await pipeline(Readable.from([lines()]), client.query(copyFrom(statement)));
  } finally {
    client.release();
  }
  return true;
}

const dialect = new PgDialect();

/** Runs one drizzle statement on the connection copyThrough holds; its rows as pg parses them. */
export type SessionQuery = <R>(query: SQL) => Promise<R[]>;

/**
 * copyInto for rows that must pass through a table of the session before they are written (a temporary
 * table, then one INSERT ... SELECT from it): on a pooled PostgreSQL connection of its own, in one
 * transaction, `prepare` (statements without parameters, e.g. CREATE TEMP TABLE IF NOT EXISTS), the
 * COPY, then `then` on the same connection; committed together, rolled back when anything throws (and
 * a connection the failure may have left mid-COPY is closed, not reused). null, having sent nothing and
 * not built `lines`, where the handle has no server pool (PGlite, a transaction's handle): the caller
 * writes another way.
 */
export async function copyThrough<T>(
  db: DbOrTx,
  prepare: readonly string[],
  statement: string,
  lines: () => string,
  then: (query: SessionQuery) => Promise<T>,
): Promise<{ value: T } | null> {
  const pool = serverPoolOf(db);
  if (!pool) return null;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    for (const s of prepare) await client.query(s);
    await pipeline(Readable.from([lines()]), client.query(copyFrom(statement)));
    const value = await then(async <R>(query: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return (await client.query(text, params)).rows as R[];
    });
    await client.query('COMMIT');
    return { value };
  } catch (e) {
    await client.query('ROLLBACK').catch((r: Error) => {
      broken = r;
    });
    throw e;
  } finally {
    client.release(broken);
  }
}
