import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import { runCli } from '../../src/cli/index.ts';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { cloneServerTemplate } from './db.ts';

/** What one CLI call did. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A database the CLI opens by itself from its environment, shared by the calls of one test file:
 * a new database cloned from the run's template when DATABASE_URL is set, else a PGlite data
 * directory in a temp dir (each call opens and closes it, so the data persists between calls).
 */
export interface CliDatabase {
  /** The environment runCli reads (nothing from process.env leaks in). */
  env: Record<string, string>;
  /** A scratch directory for input files; removed on close. */
  dir: string;
  run(...argv: string[]): Promise<CliResult>;
  /** Runs the CLI with BILLING_COPILOT_API_KEY set to this key (null: unset), as commands that act as a user read it. */
  runAs(key: string | null, ...argv: string[]): Promise<CliResult>;
  /** Writes a file into the scratch directory and returns its path. */
  file(name: string, content: string): Promise<string>;
  /** Runs SQL directly against the CLI's database, between CLI calls. */
  query<T = Record<string, unknown>>(q: SQL): Promise<T[]>;
  close(): Promise<void>;
}

export async function createCliDatabase(): Promise<CliDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bc-cli-'));
  const url = process.env.DATABASE_URL;
  let env: Record<string, string>;
  let dropDatabase = async () => {};
  if (url) {
    const clone = await cloneServerTemplate(url);
    env = { DATABASE_URL: clone.url, LOG_LEVEL: 'silent' };
    dropDatabase = clone.drop;
  } else {
    env = { BILLING_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
  }
  const run = async (...argv: string[]): Promise<CliResult> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTty: false }, env);
    return { code, stdout, stderr };
  };
  return {
    env,
    dir,
    run,
    async runAs(key, ...argv) {
      if (key) env.BILLING_COPILOT_API_KEY = key;
      try {
        return await run(...argv);
      } finally {
        delete env.BILLING_COPILOT_API_KEY;
      }
    },
    async file(name, content) {
      const p = path.join(dir, name);
      await writeFile(p, content, 'utf8');
      return p;
    },
    async query<T>(q: SQL) {
      const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 1 } : { dataDir: env.BILLING_DATA_DIR! });
      try {
        return await queryRows<T>(database.db, q);
      } finally {
        await database.close();
      }
    },
    async close() {
      await dropDatabase();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
