import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
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
    const code = await runCli(
      argv,
      { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTty: false },
      env,
    );
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
      const database = await openDatabase(
        env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 1 } : { dataDir: env.BILLING_DATA_DIR! },
      );
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

/** The line `users add` prints the new key on. */
export const KEY_LINE = /^bc_[A-Za-z0-9_-]{43}$/m;

/**
 * Adds users through the CLI (`users add`), each `who@domain` with the given role, and fills `keys`
 * (the key printed once) and `ids` (the user's id) by `who`; fails the test on a refusal.
 */
export async function addCliUsers(
  cli: CliDatabase,
  users: readonly (readonly [who: string, role: string])[],
  domain: string,
  into: { keys: Record<string, string>; ids: Record<string, string> },
): Promise<void> {
  for (const [who, role] of users) {
    const r = await cli.run('users', 'add', '--email', `${who}@${domain}`, '--name', who, '--roles', role);
    if (r.code !== 0) throw new Error(`users add ${who}: exit ${r.code}: ${r.stderr}`);
    into.keys[who] = KEY_LINE.exec(r.stdout)![0];
    into.ids[who] = (
      await cli.query<{ id: string }>(sql`SELECT id FROM users WHERE email = ${`${who}@${domain}`}`)
    )[0]!.id;
  }
}
