import { addUser } from './users.ts';
import { createApp } from '../../src/api/app.ts';
import type { Database } from '../../src/db/client.ts';
import { ROLES, type Role } from '../../src/policy/roles.ts';

export type App = ReturnType<typeof createApp>;

/** What a test request got back. */
export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends one request to the app with a key (or none) and parses the JSON reply. */
export async function call<T = Record<string, unknown>>(
  app: App,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (the docs page)
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** Keys of test users: one per role with access to every entity, one per role limited to one entity, and the agent. */
export interface TestUsers {
  /** Role -> key of an unscoped user with only that role. */
  key: Record<Role, string>;
  /** Role -> key of a user with only that role, limited to the scoped entity. */
  scopedKey: Record<Role, string>;
  email: (role: Role, scoped?: boolean) => string;
  ids: Record<string, string>;
}

/** Creates the test users; scopedEntity is the legal entity code the scoped ones are limited to. */
export async function createTestUsers(database: Database, scopedEntity: string): Promise<TestUsers> {
  const key = {} as Record<Role, string>;
  const scopedKey = {} as Record<Role, string>;
  const ids: Record<string, string> = {};
  const email = (role: Role, scoped = false) => `${role.replace('_', '-')}${scoped ? '.scoped' : ''}@test.example`;
  const ctx = { actorId: 'test-setup', correlationId: 'test-setup', now: new Date() };
  for (const role of ROLES) {
    for (const scoped of [false, true]) {
      const r = await addUser(
        database.db,
        {
          email: email(role, scoped),
          name: `${role}${scoped ? ' (scoped)' : ''}`,
          roles: [role],
          entities: scoped ? [scopedEntity] : null,
        },
        ctx,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      (scoped ? scopedKey : key)[role] = r.value.key;
      ids[email(role, scoped)] = r.value.userId;
    }
  }
  return { key, scopedKey, email, ids };
}

/** The app over a database, with errors collected instead of logged. */
export function testApp(database: Database, logged: unknown[] = []): App {
  return createApp({ database, log: (msg, meta) => void logged.push({ msg, meta }) });
}
