import { ROLES, type Role } from './roles.ts';

/**
 * Named groups of roles: who may read or record which kind of data. Routes admit these groups (api/access.ts),
 * and CLI commands that act as a user check the same group as the route they mirror.
 */
export const EVERYONE: readonly Role[] = ROLES;
/** Reads of work data (time, expenses, usage, people's cost rates): not collectors or account managers. */
export const WORK_READERS: readonly Role[] = [
  'billing_clerk',
  'project_manager',
  'controller',
  'finance_admin',
  'auditor',
  'agent',
];
/** Contracts and milestones: commercial terms, for those who bill, deliver or sell, and audit. */
export const CONTRACT_READERS: readonly Role[] = [
  'billing_clerk',
  'project_manager',
  'controller',
  'account_manager',
  'finance_admin',
  'auditor',
  'agent',
];
/** Master data changes: the billing back office. */
export const MASTER_DATA_WRITERS: readonly Role[] = ['billing_clerk', 'controller', 'finance_admin'];
/** Recording work (time, expenses, usage): the back office and delivery, and the agent for them. */
export const WORK_WRITERS: readonly Role[] = [
  'billing_clerk',
  'project_manager',
  'controller',
  'finance_admin',
  'agent',
];
export const USAGE_WRITERS: readonly Role[] = ['billing_clerk', 'controller', 'finance_admin', 'agent'];
export const MILESTONE_COMPLETERS: readonly Role[] = [
  'project_manager',
  'billing_clerk',
  'controller',
  'finance_admin',
];
/** Recording a client's acceptance of a milestone: those who own the delivery or the relationship. */
export const MILESTONE_ACCEPTORS: readonly Role[] = [
  'project_manager',
  'account_manager',
  'controller',
  'finance_admin',
];
/** Billing runs and billing KPIs: billing operations and audit. */
export const BILLING_OPS_READERS: readonly Role[] = [
  'billing_clerk',
  'controller',
  'finance_admin',
  'auditor',
  'agent',
];
/** The audit trail: the auditor and the controller only. */
export const AUDIT_READERS: readonly Role[] = ['auditor', 'controller'];
/** An approvals inbox: everyone who can be asked to approve or whose requests wait (not the read-only auditor). */
export const INBOX_READERS: readonly Role[] = ROLES.filter((r) => r !== 'auditor');
