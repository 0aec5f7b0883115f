import { randomUUID } from 'node:crypto';
import type { Database } from '../../client.ts';
import { findActiveUserByEmail } from '../../stores/user-store.ts';
import type { Role } from '../../../policy/roles.ts';
import { callTool } from '../../../tools/call-tool.ts';
import type { AnyTool, ToolCaller } from '../../../tools/define-tool.ts';

/** The demo users who record the demo's work: the billing clerk imports it, the project manager approves it. */
export interface DemoCallers {
  clerk: ToolCaller;
  pm: ToolCaller;
}

/**
 * The demo clerk and project manager as catalogue callers on the seed's transaction (`inSeed`), all
 * under one correlation id, at the seed's `now`. The users must exist (createDemoUsers first).
 */
export async function demoCallers(inSeed: Database, now: Date): Promise<DemoCallers> {
  const correlationId = randomUUID();
  const as = async (email: string, role: Role): Promise<ToolCaller> => {
    const user = await findActiveUserByEmail(inSeed.db, email);
    if (!user) throw new Error(`demo seed: the demo user ${email} is missing`);
    return {
      actor: { userId: user.id, roles: [role], entityIds: null, onBehalfOf: null },
      correlationId,
      now,
      deps: { database: inSeed, now: () => now },
    };
  };
  return {
    clerk: await as('clerk@northwind.example', 'billing_clerk'),
    pm: await as('pm@northwind.example', 'project_manager'),
  };
}

/**
 * Calls a catalogue entry for the demo and answers its value; a refusal is a defect of the demo data
 * (or of policy), so it throws and the seed's transaction rolls everything back.
 */
export async function demoCall<T>(caller: ToolCaller, tool: AnyTool, input: unknown): Promise<T> {
  const r = await callTool(caller, tool, input);
  if (!r.ok)
    throw new Error(`demo seed: ${tool.name} refused: ${r.error.code}: ${r.error.message} ${JSON.stringify(r.error)}`);
  return r.value as T;
}
