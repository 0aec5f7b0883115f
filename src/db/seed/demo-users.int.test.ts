import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client.ts';
import { ROLES } from '../../policy/roles.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { call, testApp } from '../../../test/helpers/api.ts';
import { DEMO_USERS, seedDemoUsers } from './demo-users.ts';

describe(`seedDemoUsers on ${backend}`, () => {
  let database: Database;
  let out = '';
  const io = { stdout: (s: string) => void (out += s), stderr: () => undefined, isTty: false };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('creates one user per role and prints a working key for each', async () => {
    expect(await seedDemoUsers(database, io, new Date())).toBe(ROLES.length);
    expect(DEMO_USERS.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    const app = testApp(database);
    for (const u of DEMO_USERS) {
      const key = new RegExp(`${u.email}\\s+(bc_\\S+)`).exec(out)?.[1];
      expect(key, u.email).toBeDefined();
      const headers: Record<string, string> = u.role === 'agent' ? { 'x-on-behalf-of': 'clerk@northwind.example' } : {};
      expect((await call(app, 'GET', '/invoices', { key: key!, headers })).status, u.email).toBe(200);
    }
  });

  it('leaves existing users alone and prints no keys when run again', async () => {
    out = '';
    expect(await seedDemoUsers(database, io, new Date())).toBe(0);
    expect(out).toBe('');
  });
});
