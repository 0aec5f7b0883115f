import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { createTestUsers, testApp, type App, type TestUsers } from './api.ts';
import { createTestDatabase } from './db.ts';
import { loadTwoEntityFirm, type FirmTargets } from './two-entity-firm.ts';

/** The database, app, users (some limited to LE-B) and fixture targets of a test file. */
export interface FirmApp {
  database: Database;
  app: App;
  users: TestUsers;
  targets: FirmTargets;
}

/**
 * Opens a fresh two-entity firm with its test users and the app over it before the file's tests,
 * and closes it after. The returned object is filled in by beforeAll: read its fields inside tests.
 */
export function useFirmApp(opts: { poolSize?: number } = {}): FirmApp {
  const env = {} as FirmApp;
  beforeAll(async () => {
    env.database = await createTestDatabase(opts);
    env.targets = await loadTwoEntityFirm(env.database);
    env.users = await createTestUsers(env.database, 'LE-B');
    env.app = testApp(env.database);
  });
  afterAll(async () => env.database?.close());
  return env;
}
