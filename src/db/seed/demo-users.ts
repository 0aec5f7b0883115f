import { randomUUID } from 'node:crypto';
import type { Database } from '../client.ts';
import { addUser } from '../usecases/add-user.ts';
import type { Role } from '../../policy/roles.ts';
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
 * Creates the demo users and prints each API key once, on stdout (never through the logger). A user
 * that already exists is left alone. The agent's requests must add X-On-Behalf-Of: <a person's email>.
 */
export async function seedDemoUsers(database: Database, io: SeedOutput, now: Date): Promise<number> {
  const ctx = { actorId: 'demo-seed', correlationId: randomUUID(), now };
  const lines: string[] = [];
  for (const u of DEMO_USERS) {
    const r = await addUser(database.db, { email: u.email, name: u.name, roles: [u.role], entities: null }, ctx);
    if (r.ok) lines.push(`  ${u.role.padEnd(16)} ${u.email.padEnd(30)} ${r.value.key}`);
  }
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
