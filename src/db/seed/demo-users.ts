import { randomUUID } from 'node:crypto';
import type { Database } from '../client.ts';
import { findActiveUserByEmail } from '../stores/user-store.ts';
import { operatorActor } from '../../policy/service-identities.ts';
import type { Actor, Role } from '../../policy/roles.ts';
import { callTool } from '../../tools/call-tool.ts';
import { usersCreate } from '../../tools/users/create-user.ts';
import type { SeedOutput } from './seed-and-bill-demo.ts';

/** One demo user per role; pm@ and am@ are the project and account managers the demo data names. */
export const DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: 'clerk@northwind.example', name: 'Bea Clerk', role: 'billing_clerk' },
  { email: 'pm@northwind.example', name: 'Pat Manager', role: 'project_manager' },
  { email: 'controller@northwind.example', name: 'Cora Controller', role: 'controller' },
  { email: 'collector@northwind.example', name: 'Cole Collector', role: 'collector' },
  { email: 'am@northwind.example', name: 'Alex Account', role: 'account_manager' },
  { email: 'finance@northwind.example', name: 'Fin Admin', role: 'finance_admin' },
  { email: 'auditor@northwind.example', name: 'Aud Itor', role: 'auditor' },
  { email: 'agent@northwind.example', name: 'Billing Copilot agent', role: 'agent' },
];

/**
 * Creates the demo users through users_create, as a firm starts: the console operator
 * (`cli:demo-seed`) creates the finance admin, who then creates the others. A user that already
 * exists is left alone. Answers the new keys by email, for printDemoKeys (never the logger).
 */
export async function createDemoUsers(database: Database, now: Date): Promise<Map<string, string>> {
  const correlationId = randomUUID();
  const create = (actor: Actor, u: (typeof DEMO_USERS)[number]) =>
    callTool({ actor, correlationId, now, deps: { database, now: () => now } }, usersCreate, {
      email: u.email,
      name: u.name,
      roles: [u.role],
      entities: null,
    });
  const keys = new Map<string, string>();
  const admin = DEMO_USERS.find((u) => u.role === 'finance_admin')!;
  const first = await create(operatorActor('demo-seed'), admin);
  if (first.ok) keys.set(admin.email, first.value.key);
  const adminUser = await findActiveUserByEmail(database.db, admin.email);
  if (adminUser) {
    const asAdmin: Actor = { userId: adminUser.id, roles: ['finance_admin'], entityIds: null, onBehalfOf: null };
    for (const u of DEMO_USERS) {
      if (u === admin) continue;
      const r = await create(asAdmin, u);
      if (r.ok) keys.set(u.email, r.value.key);
    }
  }
  return keys;
}

/**
 * Prints each new demo user's API key once, on stdout; answers how many. The agent's requests must
 * add X-On-Behalf-Of: <a person's email>.
 */
export function printDemoKeys(io: SeedOutput, keys: ReadonlyMap<string, string>): number {
  const lines = DEMO_USERS.flatMap((u) =>
    keys.has(u.email) ? [`  ${u.role.padEnd(16)} ${u.email.padEnd(30)} ${keys.get(u.email)}`] : [],
  );
  if (lines.length) {
    io.stdout(
      `Demo API users (keys are shown only now; send them as "Authorization: Bearer <key>"):\n${lines.join('\n')}\n`,
    );
    io.stdout(
      '  The agent acts only for a person: add "X-On-Behalf-Of: clerk@northwind.example" (or another user) to its requests.\n',
    );
  }
  return lines.length;
}

/** Creates the demo users and prints their keys once (createDemoUsers, then printDemoKeys). */
export async function seedDemoUsers(database: Database, io: SeedOutput, now: Date): Promise<number> {
  return printDemoKeys(io, await createDemoUsers(database, now));
}
