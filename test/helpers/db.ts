import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { inject } from 'vitest';
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
    const name = `${inject('pgPrefix')}${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate')}"`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabaseName(url, name), poolSize: opts.poolSize ?? 10 });
    return {
      ...database,
      async close() {
        await database.close();
        const a = new pg.Client({ connectionString: adminUrl(url) });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const tar = await readFile(inject('pgliteTemplate'));
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([tar]) });
}
