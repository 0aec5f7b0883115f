import { mkdir } from 'node:fs/promises';
import type { Config } from './config.ts';
import { migrateDatabase, openDatabase, type Database } from './db/client.ts';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in BILLING_DATA_DIR) and migrates it. */
export async function openAppDatabase(config: Config, opts: { migrate?: boolean } = {}): Promise<Database> {
  let database: Database;
  if (config.DATABASE_URL) {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  } else {
    if (!config.BILLING_DATA_DIR.startsWith('memory://')) await mkdir(config.BILLING_DATA_DIR, { recursive: true });
    database = await openDatabase({ dataDir: config.BILLING_DATA_DIR });
  }
  if (opts.migrate !== false) await migrateDatabase(database);
  return database;
}

/** Where the data lives, for log lines (never prints credentials). */
export function describeDatabase(config: Config): string {
  if (!config.DATABASE_URL) return `PGlite (embedded) at ${config.BILLING_DATA_DIR}`;
  const u = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
