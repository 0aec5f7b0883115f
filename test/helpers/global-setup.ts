import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '../../src/db/client.ts';
import type { TestProject } from 'vitest/node';
import { adminUrl, runNames, templateFile, withDatabaseName } from './db-names.ts';

/**
 * Migrates once per test run: on PGlite into a dumped data directory that every test file clones
 * (0.3 s instead of a 2 s boot and migration), on PostgreSQL into a template database that every
 * test file copies with CREATE DATABASE ... TEMPLATE.
 */
export default async function setup(project: TestProject): Promise<void | (() => Promise<void>)> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { template, prefix } = runNames();
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabaseName(url, template), poolSize: 1 });
    await migrateDatabase(database);
    await database.close();
    project.provide('pgTemplate', template);
    project.provide('pgPrefix', prefix);
    return async () => {
      // Only this run's databases: another run on the same server keeps its own.
      const a = new pg.Client({ connectionString: adminUrl(url) });
      await a.connect();
      const mine = await a.query(`SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)`, [
        template,
        prefix,
      ]);
      for (const row of mine.rows as { datname: string }[])
        await a.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await a.end();
    };
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  const file = templateFile();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  await database.close();
  return async () => rm(file, { force: true });
}
