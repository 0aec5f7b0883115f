import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { type DbOrTx, serverPoolOf, transactionClientOf } from './client.ts';

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

/**
 * copyInto inside the caller's transaction on a server (the rows commit or roll back with it), the
 * text streamed a piece at a time from `pieces`; false, having sent nothing, where `tx` runs on no pg
 * client of its own. Only for a transaction of a database serverPoolOf accepts (see transactionClientOf).
 */
export async function copyInTransaction(
  tx: DbOrTx,
  statement: string,
  pieces: Iterable<string | Buffer>,
): Promise<boolean> {
  const client = transactionClientOf(tx);
  if (!client) return false;
  await pipeline(Readable.from(pieces), client.query(copyFrom(statement)));
  return true;
}
