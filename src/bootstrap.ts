import { mkdir } from 'node:fs/promises';
import type { Config } from './config.ts';
import { migrateDatabase, openDatabase, type Database } from './db/client.ts';
import { liveHolder } from './db/embedded/data-folder-lock.ts';

export interface OpenAppOptions {
  migrate?: boolean;
  /**
   * `server`: the HTTP server, which owns an embedded folder and serves it to CLI processes through a
   * socket. `cli` (default): a command, which uses a running server's socket when there is one, and
   * otherwise holds the folder itself while it runs.
   */
  role?: 'server' | 'cli';
  /** The command, written into the folder's lock for the sentence a second process prints. */
  command?: string;
}

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in
 * BILLING_DATA_DIR) and migrates it. Two processes never open one embedded folder: a second one
 * either goes through the server's socket or gets DataFolderBusyError with a sentence.
 */
export async function openAppDatabase(config: Config, opts: OpenAppOptions = {}): Promise<Database> {
  let database: Database;
  const role = opts.role ?? 'cli';
  if (config.DATABASE_URL) {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  } else if (config.BILLING_DATA_DIR.startsWith('memory://')) {
    database = await openDatabase({ dataDir: config.BILLING_DATA_DIR });
  } else {
    await mkdir(config.BILLING_DATA_DIR, { recursive: true });
    const server = role === 'cli' ? await liveHolder(config.BILLING_DATA_DIR) : null;
    database =
      server?.role === 'server' && server.socketDir
        ? await openDatabase({ socketDir: server.socketDir, poolSize: 2 })
        : await openDatabase({
            dataDir: config.BILLING_DATA_DIR,
            serve: role === 'server',
            slowStatementMs: config.BILLING_SLOW_STATEMENT_MS,
            holder: { role, command: opts.command ?? role },
            ...(role === 'server' ? { poolSize: config.DATABASE_POOL_SIZE } : {}),
          });
  }
  try {
    if (opts.migrate !== false) await migrateDatabase(database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

/** Where the data lives, for log lines (never prints credentials). */
export function describeDatabase(config: Config): string {
  if (!config.DATABASE_URL) return `PGlite (embedded) at ${config.BILLING_DATA_DIR}`;
  const u = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
