// Several statements sent as one simple-protocol query (one implicit transaction, one round trip),
// with their values written in as literals.
import pg from 'pg';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

const dialect = new PgDialect();

/** A statement as drizzle builds it: a `sql` template or a query builder. */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

/** A value written into SQL text as a literal: strings quoted (E'' when they hold a backslash), numbers as digits. */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} into SQL`);
    return String(v);
  }
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (typeof v === 'string') {
    if (v.includes('\0')) throw new Error('cannot write a NUL character into SQL');
    const quoted = `'${v.replaceAll("'", "''")}'`;
    return v.includes('\\') ? `E${quoted.replaceAll('\\', '\\\\')}` : quoted;
  }
  throw new Error(`cannot write a ${typeof v} into SQL as a literal`);
}

/** A statement's text with its parameters written in as literals ($n replaced once, left to right). */
export function inlineStatement(statement: Statement): string {
  const { sql: text, params } = 'toSQL' in statement ? statement.toSQL() : dialect.sqlToQuery(statement);
  return text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`statement refers to parameter $${n}, which it does not have`);
    return sqlLiteral(params[i]);
  });
}

/**
 * Runs statements as one script: one simple-protocol query, which PostgreSQL runs in order as one
 * implicit transaction (all of it or none of it), in one round trip. On the embedded database it is
 * one unit for the engine, which no other connection waits through a client's pauses for: written
 * as a transaction of separate statements, a billing run's draft held the engine 625 ms for 64 ms of
 * work when its thread was descheduled between them. Values travel as literals (simple queries carry
 * no parameters), so only statements built by the code itself belong here, never SQL text from input.
 */
export async function runScript(db: DbOrTx, statements: Statement[]): Promise<void> {
  const text = statements.map(inlineStatement).join(';\n');
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    await client.query(text);
    return;
  }
  const exec = (client as { exec?: (text: string) => Promise<unknown> } | undefined)?.exec;
  if (typeof exec === 'function') {
    await exec.call(client, text);
    return;
  }
  throw new Error('runScript needs a database handle (PostgreSQL pool or PGlite), not a transaction');
}
