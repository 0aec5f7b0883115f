import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { afterEach, beforeEach, expect, inject } from 'vitest';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { adminUrl, withDatabaseName } from './db-names.ts';

/** The backend this run tests against, for test names and skips. */
export const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: a clone of the run's template. PGlite in memory by
 * default; a new database on the server when DATABASE_URL is set (dropped on close).
 */
export async function createTestDatabase(opts: { poolSize?: number } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const clone = await cloneServerTemplate(url);
    const database = await openDatabase({ databaseUrl: clone.url, poolSize: opts.poolSize ?? 10 });
    return {
      ...database,
      async close() {
        await database.close();
        await clone.drop();
      },
    };
  }
  const tar = await readFile(inject('pgliteTemplate'));
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([tar]) });
}

/**
 * For every test of the enclosing describe: a fresh database, prepared by `setup` (e.g. loadFirm)
 * and handed to `use`; after the test the audit chain must still verify, then the database closes.
 */
export function databasePerTest(
  use: (database: Database) => void,
  opts: { poolSize?: number; setup?: (database: Database) => Promise<unknown> } = {},
): void {
  let database: Database | undefined;
  beforeEach(async () => {
    database = await createTestDatabase({ poolSize: opts.poolSize });
    await opts.setup?.(database);
    use(database);
  });
  afterEach(async () => {
    if (!database) return;
    try {
      expect((await verifyAudit(database.db)).ok).toBe(true);
    } finally {
      await database.close();
    }
  });
}

/** A new database on the server copied from this run's migrated template, and how to drop it. */
export async function cloneServerTemplate(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${inject('pgPrefix')}${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl(url) });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate')}"`);
  return { url: withDatabaseName(url, name), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
