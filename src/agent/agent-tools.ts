import { z } from 'zod';
import { denialToAsk } from '../policy/evaluate.ts';
import type { Actor, Principal } from '../policy/roles.ts';
import type { AnyTool } from '../tools/define-tool.ts';
import { ALL_TOOLS } from '../tools/registry.ts';

/** The actor the copilot's calls run as: the agent identity, on behalf of the person, within the person's entities. */
export const agentActor = (agentId: string, person: Principal): Actor => ({
  userId: agentId,
  roles: ['agent'],
  entityIds: person.entityIds,
  onBehalfOf: { userId: person.userId, roles: person.roles.filter((r) => r !== 'agent'), entityIds: person.entityIds },
});

const jsonInput = new Map<string, boolean>();
/** True when a model can be told the entry's input as JSON Schema (a file's bytes cannot: uploads come through the API or the CLI). */
function inputIsJson(tool: AnyTool): boolean {
  let ok = jsonInput.get(tool.name);
  if (ok === undefined) {
    try {
      z.toJSONSchema(tool.input, { io: 'input' });
      ok = true;
    } catch {
      ok = false;
    }
    jsonInput.set(tool.name, ok);
  }
  return ok;
}

/** Why the agent may not be given an entry for this person, or null when it may. */
export function whyNotForAgent(tool: AnyTool, person: Principal): string | null {
  if (!inputIsJson(tool)) return `${tool.name} takes a file: upload it through the API or the command line`;
  if (tool.risk === 'decision')
    return `${tool.name} is a decision (approving, granting, resolving, recording cash): a person takes it, never the copilot`;
  if (tool.risk === 'read') {
    const readers = tool.readers ?? [];
    if (!readers.includes('agent')) return `${tool.name} is not readable through the copilot`;
    return person.roles.some((r) => r !== 'agent' && readers.includes(r))
      ? null
      : `${tool.name} needs one of the roles ${readers.filter((r) => r !== 'agent').join(', ')}`;
  }
  const denied = denialToAsk(tool.policyAction!, agentActor('agent:copilot', person), 0);
  return denied ? denied.reason : null;
}

/**
 * The catalogue entries the copilot may use for this person: reads both the agent and the person
 * may read, and writes the agent may ask for on the person's behalf (they still go through policy,
 * which may answer approval_required). Decision entries are never among them. Read from the
 * registry at call time, so entries other modules add appear without a change here.
 */
export function toolsFor(person: Principal, catalogue: readonly AnyTool[] = ALL_TOOLS): AnyTool[] {
  return catalogue.filter((t) => whyNotForAgent(t, person) === null);
}
