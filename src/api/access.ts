import { DECISION_ACTIONS, type ActionType } from '../policy/actions.ts';
import { ROLE_PERMISSIONS } from '../policy/permissions.ts';
import { ROLES, type Role } from '../policy/roles.ts';

/**
 * Who may call which route. Routes that take a policy action admit exactly the roles policy lets ask
 * for that action (rolesFor), so the route check and policy cannot drift apart; policy still decides
 * (segregation of duties, approvals) inside the use case.
 */
export const EVERYONE: readonly Role[] = ROLES;
/** Reads of work data (time, expenses, usage, people's cost rates): not collectors or account managers. */
export const WORK_READERS: readonly Role[] = ['billing_clerk', 'project_manager', 'controller', 'finance_admin', 'auditor', 'agent'];
/** Contracts and milestones: commercial terms, for those who bill, deliver or sell, and audit. */
export const CONTRACT_READERS: readonly Role[] = ['billing_clerk', 'project_manager', 'controller', 'account_manager', 'finance_admin', 'auditor', 'agent'];
/** Master data changes: the billing back office. */
export const MASTER_DATA_WRITERS: readonly Role[] = ['billing_clerk', 'controller', 'finance_admin'];
/** Recording work (time, expenses, usage): the back office and delivery, and the agent for them. */
export const WORK_WRITERS: readonly Role[] = ['billing_clerk', 'project_manager', 'controller', 'finance_admin', 'agent'];
export const USAGE_WRITERS: readonly Role[] = ['billing_clerk', 'controller', 'finance_admin', 'agent'];
export const MILESTONE_COMPLETERS: readonly Role[] = ['project_manager', 'billing_clerk', 'controller', 'finance_admin'];
/** Recording a client's acceptance of a milestone: those who own the delivery or the relationship. */
export const MILESTONE_ACCEPTORS: readonly Role[] = ['project_manager', 'account_manager', 'controller', 'finance_admin'];
/** Billing runs and billing KPIs: billing operations and audit. */
export const BILLING_OPS_READERS: readonly Role[] = ['billing_clerk', 'controller', 'finance_admin', 'auditor', 'agent'];
/** The audit trail: the auditor and the controller only. */
export const AUDIT_READERS: readonly Role[] = ['auditor', 'controller'];
/** An approvals inbox: everyone who can be asked to approve or whose requests wait (not the read-only auditor). */
export const INBOX_READERS: readonly Role[] = ROLES.filter((r) => r !== 'auditor');

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
