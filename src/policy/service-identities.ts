import { ACCESS_ACTIONS, type ActionType } from './actions.ts';
import type { Actor, ServiceRole } from './roles.ts';

/**
 * The named service identities: unattended work acts as one of these, never as a person and never
 * as a bare string. Each has roles of its own (SERVICE_ROLE_PERMISSIONS), no API key, and no right
 * to approve or decide (policy refuses with SERVICE_CANNOT_DECIDE). The audit trail records the
 * identity's id (`service:<name>`), so a reader tells a scheduled run from a person's.
 */
export const SERVICE_IDENTITY_NAMES = [
  'scheduler',
  'job-worker',
  'bank-import',
  'payment-webhook',
  'chat-slack',
  'chat-teams',
] as const;
export type ServiceIdentityName = (typeof SERVICE_IDENTITY_NAMES)[number];

export interface ServiceIdentity {
  name: ServiceIdentityName;
  /** What the audit trail, approvals and preparers record: `service:<name>`. */
  id: `service:${ServiceIdentityName}`;
  description: string;
  roles: readonly ServiceRole[];
}

const identity = (name: ServiceIdentityName, roles: ServiceRole[], description: string): ServiceIdentity => ({
  name,
  id: `service:${name}`,
  roles,
  description,
});

export const SERVICE_IDENTITIES: Readonly<Record<ServiceIdentityName, ServiceIdentity>> = {
  scheduler: identity(
    'scheduler',
    ['scheduler'],
    'Starts scheduled work from configuration (cron): billing runs, the nightly collections job, chat retention.',
  ),
  'job-worker': identity(
    'job-worker',
    ['job_worker'],
    'Runs queued background jobs: document processing, outbound deliveries (invoices, decision notices in chat).',
  ),
  'bank-import': identity(
    'bank-import',
    ['bank_import'],
    'Records payments read from bank statements, and reverses those a statement returns.',
  ),
  'payment-webhook': identity(
    'payment-webhook',
    ['payment_webhook'],
    "Records and reverses payments a payment provider's webhook reports.",
  ),
  'chat-slack': identity(
    'chat-slack',
    ['chat_adapter'],
    'Relays Slack messages of linked users; acts on nothing by itself.',
  ),
  'chat-teams': identity(
    'chat-teams',
    ['chat_adapter'],
    'Relays Microsoft Teams messages of linked users; acts on nothing by itself.',
  ),
};

/**
 * What each service role may ask for. Asking is not deciding: the approval matrix still applies,
 * and no decision action (DECISION_ACTIONS) is ever allowed, whatever this table says.
 */
export const SERVICE_ROLE_PERMISSIONS: Readonly<Record<ServiceRole, ReadonlySet<ActionType>>> = {
  // The nightly collections job: rank the worklist, queue the reminders policy allows, and ask for the late fee of a
  // final notice that carries one (the matrix sends it to an account manager). Never a promise, a pause or a policy change.
  scheduler: new Set<ActionType>([
    'billing_run.start',
    'collections.prioritize',
    // Storing a new risk model's dispute scores ahead of the night (risk.scores_backfill): derived data, never the books.
    'risk_models.backfill_scores',
    'collections.send_reminders',
    'invoice.apply_late_fee',
    // The retention of handled chat messages (chat.events.prune): operational records, never the books.
    'chat_events.prune',
    // The retention of the copilot's checkpoints (agent.checkpoints.prune): operational state, never the books.
    'agent_checkpoints.prune',
  ]),
  // Outbound deliveries: invoices to clients, decision notices to their people's chat (approval_notices_deliver).
  job_worker: new Set<ActionType>(['invoice.deliver', 'approval_notice.deliver']),
  // Returned and reversed receipts on a statement (camt.053 RvslInd / RtrInf) reverse the payment they undo.
  bank_import: new Set<ActionType>(['invoice.record_payment', 'invoice.apply_payment', 'invoice.reverse_payment']),
  payment_webhook: new Set<ActionType>(['invoice.record_payment', 'invoice.apply_payment', 'invoice.reverse_payment']),
  chat_adapter: new Set<ActionType>(),
  // The console operator sets a firm up: master data and access, until an administrator can act (see operatorActor).
  operator: new Set<ActionType>([...ACCESS_ACTIONS, 'master_data.import']),
};

/** The Actor a service identity acts as: no person roles, every entity, never on someone's behalf. */
export const serviceActor = (name: ServiceIdentityName): Actor => {
  const s = SERVICE_IDENTITIES[name];
  return { userId: s.id, roles: [], entityIds: null, onBehalfOf: null, serviceRoles: s.roles };
};

/** True when an actor id (an audit row's, a preparer's) names a service identity. */
export const isServiceIdentityId = (id: string): boolean => SERVICE_IDENTITY_NAMES.some((n) => id === `service:${n}`);

/**
 * Why a service identity may not take a decision action, in plain words.
 * @example serviceNeverDecides('service:scheduler', 'invoice.approve')
 */
export const serviceNeverDecides = (id: string, type: string): string =>
  `${id} is a service identity and never approves or decides (${type}): granting or refusing approvals, approving invoices, time or expenses, ` +
  'resolving exceptions or disputes is for a person with the role';

/**
 * The console operator: whoever runs the CLI on the server without BILLING_COPILOT_API_KEY (they
 * hold the database). A service identity of its own (role `operator`), recorded in the audit trail
 * as `cli:<operating-system user>`, so a reader sees which login set the firm up. It may load
 * master data and administer access (users, keys, chat links) only while no administrator can act:
 * once an active user holding ADMIN_ROLE has an unrevoked key, policy refuses the operator
 * (OPERATOR_AFTER_SETUP) and access is administered by named administrators with their keys. Were
 * every administrator's key revoked, the operator could issue one again (break glass, audited).
 */
export const OPERATOR = {
  name: 'operator',
  description:
    'The person at the server console without an API key: loads the first master data and the first users, until an administrator can act.',
  roles: ['operator'] as const satisfies readonly ServiceRole[],
};

/** The console operator as an Actor, named by the operating-system user. */
export const operatorActor = (osUser: string): Actor => ({
  userId: `cli:${osUser}`,
  roles: [],
  entityIds: null,
  onBehalfOf: null,
  serviceRoles: OPERATOR.roles,
});

/** True when the actor is the console operator. */
export const isOperator = (actor: Actor): boolean => actor.serviceRoles?.includes('operator') ?? false;
