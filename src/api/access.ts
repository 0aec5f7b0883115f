import { DECISION_ACTIONS, type ActionType } from '../policy/actions.ts';
import { ROLE_PERMISSIONS } from '../policy/permissions.ts';
import { ROLES, type Role } from '../policy/roles.ts';

/**
 * Who may call which route. Routes that take a policy action admit exactly the roles policy lets ask
 * for that action (rolesFor), so the route check and policy cannot drift apart; policy still decides
 * (segregation of duties, approvals) inside the use case.
 */
export {
  EVERYONE,
  WORK_READERS,
  CONTRACT_READERS,
  MASTER_DATA_WRITERS,
  WORK_WRITERS,
  USAGE_WRITERS,
  MILESTONE_COMPLETERS,
  MILESTONE_ACCEPTORS,
  BILLING_OPS_READERS,
  AUDIT_READERS,
  INBOX_READERS,
} from '../policy/role-groups.ts';

// Which action a route's role list was derived from, so a refusal can say why in the action's terms.
const actionOfRoles = new WeakMap<readonly Role[], ActionType>();

/** The roles policy lets ask for an action (agent included where its own row allows it). */
export const rolesFor = (action: ActionType): readonly Role[] => {
  const roles = ROLES.filter((r) => ROLE_PERMISSIONS[r].has(action));
  actionOfRoles.set(roles, action);
  return roles;
};

/** The decision (approving, refusing, resolving) a route open to these roles takes, which the agent never does; null otherwise. */
export const decisionOfRoute = (roles: readonly Role[]): ActionType | null => {
  const action = actionOfRoles.get(roles);
  return action !== undefined && DECISION_ACTIONS.has(action) ? action : null;
};
