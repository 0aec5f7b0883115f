import { describe, expect, it } from 'vitest';
import { denialToAsk } from './evaluate.ts';
import { ROLE_PERMISSIONS } from './permissions.ts';
import { MILESTONE_ACCEPTORS, MILESTONE_COMPLETERS, USAGE_WRITERS, WORK_WRITERS } from './role-groups.ts';
import { ROLES, type Actor } from './roles.ts';

const GROUPS = [
  ['expense.record', WORK_WRITERS],
  ['expenses.import', WORK_WRITERS],
  ['usage.report', USAGE_WRITERS],
  ['milestone.complete', MILESTONE_COMPLETERS],
  ['milestone.accept', MILESTONE_ACCEPTORS],
] as const;

describe('the policy actions of recording work', () => {
  it.each(GROUPS)('lets exactly the roles the route admitted ask for %s', (action, group) => {
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].has(action)).sort()).toEqual([...group].sort());
  });

  it.each(GROUPS)('lets the agent ask for %s for a person only where both may', (action, group) => {
    const agentFor = (role: (typeof ROLES)[number]): Actor => ({
      userId: 'agent',
      roles: ['agent'],
      entityIds: null,
      onBehalfOf: { userId: 'p', roles: [role], entityIds: null },
    });
    for (const role of ROLES.filter((r) => r !== 'agent')) {
      const allowed = group.includes('agent') && group.includes(role);
      expect(denialToAsk(action, agentFor(role), 1) === null, `${action} for ${role}`).toBe(allowed);
    }
  });
});
