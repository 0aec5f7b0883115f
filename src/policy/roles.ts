/** Every role in Billing Copilot. `agent` is the AI service identity; `auditor` is read-only. */
export const ROLES = [
  'billing_clerk',
  'project_manager',
  'controller',
  'collector',
  'account_manager',
  'finance_admin',
  'auditor',
  'agent',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles an approval matrix may ask to approve: those allowed to grant approvals (never the auditor or the agent). */
export const APPROVER_ROLES = ['project_manager', 'account_manager', 'controller', 'finance_admin'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** A person on whose behalf the agent acts, with that person's own roles and entity scope. */
export interface Principal {
  userId: string;
  roles: readonly Role[];
  /** Legal entities the person may act in; null = all. */
  entityIds: readonly string[] | null;
}

/**
 * Roles of service identities (src/policy/service-identities.ts): unattended work. They are not
 * user roles: no API key carries one, no person holds one, and none may approve or decide.
 */
export const SERVICE_ROLES = [
  'scheduler',
  'job_worker',
  'bank_import',
  'payment_webhook',
  'chat_adapter',
  'operator',
] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Who asks for an action. The agent identity always names the person it acts for in onBehalfOf. */
export interface Actor extends Principal {
  onBehalfOf: Principal | null;
  /** Set for a service identity (then roles is empty): what it may do comes from these roles alone. */
  serviceRoles?: readonly ServiceRole[];
}

/** True when the actor is the agent service identity. */
export const isAgent = (actor: Actor): boolean => actor.roles.includes('agent');

/** True when the actor is a service identity (the scheduler, a job worker, an import, a webhook, a chat adapter). */
export const isService = (actor: Actor): boolean => actor.serviceRoles !== undefined;
