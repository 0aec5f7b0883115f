import { ACCESS_ACTIONS, type ActionType } from './actions.ts';
import { MILESTONE_ACCEPTORS, MILESTONE_COMPLETERS, USAGE_WRITERS, WORK_WRITERS } from './role-groups.ts';
import { isAgent, type Actor, type Role } from './roles.ts';

const INVOICE_PREP: ActionType[] = [
  'invoice.submit',
  'invoice.apply_discount',
  'invoice.apply_late_fee',
  'invoice.credit_note',
  'invoice.void',
];
const APPROVALS: ActionType[] = ['approval.grant', 'approval.reject'];
/**
 * A person's own bookkeeping: marking their approval notices read. Everyone who can ask for anything may (the auditor
 * asks for nothing, and the agent never reads a person's notices for them).
 */
const OWN_NOTICES: ActionType[] = ['approval_notice.mark_read'];
/** Issuing an approved invoice (posting, delivering) is back-office work, as preparing it is. */
const INVOICE_ISSUE: ActionType[] = ['invoice.post', 'invoice.deliver'];
/** Master data whose change is a policy action: where a client's invoices go, a project's status. */
const MASTER_DATA: ActionType[] = ['client.change_billing_details', 'project.change_status'];
/** Whoever may resolve an exception may also hand it to someone, and record a message from outside as one. */
const EXCEPTIONS: ActionType[] = ['exception.resolve', 'exception.assign', 'exception.record_incoming'];
/** Storing statements of work and other contract documents for extraction (applying their terms is a separate action). */
const DOCUMENTS: ActionType[] = ['document.upload'];
/**
 * Cash and disputes. Collectors and finance admins record payments, apply their unapplied cash later and reverse them; collectors and
 * account managers open disputes; controllers and finance admins resolve them. The agent does
 * none of it: a remittance e-mail or a client's message could otherwise mark invoices paid or stop
 * collections.
 */
const RECORD_PAYMENTS: ActionType[] = ['invoice.record_payment', 'invoice.apply_payment', 'invoice.reverse_payment'];
const OPEN_DISPUTES: ActionType[] = ['invoice.dispute', 'invoice.update_dispute'];
/** Controllers and finance admins also work disputes they resolve: owner, reason code, evidence. */
const RESOLVE_DISPUTES: ActionType[] = ['invoice.resolve_dispute', 'invoice.update_dispute'];
/**
 * Collections. Controllers and finance admins run the prioritization and the reminders, train risk
 * models, assign collectors and set dunning policies; collectors and account managers record
 * promises to pay and pause reminders. The agent does none of it: a client's message could
 * otherwise stop collections.
 */
const RUN_COLLECTIONS: ActionType[] = [
  'collections.prioritize',
  'risk_models.train',
  'risk_models.backfill_scores',
  'client.assign_collector',
  'collections.send_reminders',
  'collections.set_dunning_policy',
];
const WORK_COLLECTIONS: ActionType[] = ['collections.record_promise', 'collections.pause_dunning'];
/**
 * What controllers and finance admins both may ask for: the whole invoice cycle, contract and master data,
 * documents, billing runs, approvals, dispute resolution, exchange rates and collections. Finance admins add
 * the approval matrix and cash.
 */
const FINANCE_CONTROL: ActionType[] = [
  ...OWN_NOTICES,
  'time_entries.import',
  ...INVOICE_PREP,
  ...INVOICE_ISSUE,
  'invoice.approve',
  'invoice.reject',
  'invoice.write_off',
  'contract.apply_extracted_terms',
  'contract.change_terms',
  'person.change_cost_rate',
  ...MASTER_DATA,
  // Where clients pay: the firm's finance roles ask (a clerk does not); the matrix has a second person approve.
  'legal_entity.change_bank_account',
  ...EXCEPTIONS,
  ...DOCUMENTS,
  'billing_run.start',
  ...APPROVALS,
  ...RESOLVE_DISPUTES,
  'exchange_rates.import',
  ...RUN_COLLECTIONS,
  ...WORK_COLLECTIONS,
];

/**
 * Recording work (expenses, usage, milestone events) is asked for by the role groups the routes
 * admitted before these were policy actions (policy/role-groups.ts): the groups stay the one list.
 */
const RECORDED_WORK: Readonly<Partial<Record<ActionType, readonly Role[]>>> = {
  'expense.record': WORK_WRITERS,
  'expenses.import': WORK_WRITERS,
  'usage.report': USAGE_WRITERS,
  'milestone.complete': MILESTONE_COMPLETERS,
  'milestone.accept': MILESTONE_ACCEPTORS,
};

function withRecordedWork(rows: Record<Role, Set<ActionType>>): Readonly<Record<Role, ReadonlySet<ActionType>>> {
  for (const [action, roles] of Object.entries(RECORDED_WORK) as [ActionType, readonly Role[]][])
    for (const r of roles) rows[r].add(action);
  return rows;
}

/**
 * Which roles may ask for which actions. Asking is not doing: the matrix may still require
 * approval. The auditor is read-only and the agent's own row is the most it may ever do; what it
 * may do for a person is this row intersected with that person's permissions.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<ActionType>>> = withRecordedWork({
  billing_clerk: new Set([
    ...OWN_NOTICES,
    'time_entries.import',
    ...INVOICE_PREP,
    ...INVOICE_ISSUE,
    'contract.apply_extracted_terms',
    'contract.change_terms',
    'person.change_cost_rate',
    ...MASTER_DATA,
    ...EXCEPTIONS,
    ...DOCUMENTS,
    'billing_run.start',
  ]),
  project_manager: new Set([
    ...OWN_NOTICES,
    'time_entries.import',
    'invoice.submit',
    'invoice.approve',
    'invoice.reject',
    'time_entries.approve',
    'expenses.approve',
    ...EXCEPTIONS,
    ...APPROVALS,
  ]),
  controller: new Set(FINANCE_CONTROL),
  collector: new Set([
    ...OWN_NOTICES,
    'invoice.apply_late_fee',
    'invoice.write_off',
    ...EXCEPTIONS,
    ...RECORD_PAYMENTS,
    ...OPEN_DISPUTES,
    ...WORK_COLLECTIONS,
  ]),
  account_manager: new Set([
    ...OWN_NOTICES,
    'invoice.apply_discount',
    'invoice.credit_note',
    'invoice.apply_late_fee',
    ...EXCEPTIONS,
    ...DOCUMENTS,
    ...APPROVALS,
    ...OPEN_DISPUTES,
    ...WORK_COLLECTIONS,
  ]),
  // The firm's administrators also load master-data bundles (they may overwrite terms) and administer access.
  finance_admin: new Set([
    ...FINANCE_CONTROL,
    'approval_matrix.change',
    ...RECORD_PAYMENTS,
    'master_data.import',
    ...ACCESS_ACTIONS,
    // The chat inbound records' retention runs as service:scheduler; an administrator may run it by hand.
    'chat_events.prune',
    'agent_checkpoints.prune',
    // Decision notices go to chat from the chat worker as service:job-worker; an administrator may run it by hand.
    'approval_notice.deliver',
  ]),
  auditor: new Set(),
  // The agent proposes; people decide. No decision actions, no matrix changes.
  agent: new Set([
    'time_entries.import',
    ...INVOICE_PREP,
    ...INVOICE_ISSUE,
    'invoice.write_off',
    'contract.apply_extracted_terms',
    'exception.assign',
    // A message from outside becomes an exception by the class's fixed rule; nothing it says is done.
    'exception.record_incoming',
    'billing_run.start',
    ...DOCUMENTS,
  ]),
});

/** The role that administers access (users, keys, chat links) once the firm is set up. */
export const ADMIN_ROLE: Role = 'finance_admin';

/** True when one of the roles may ask for the action. */
export const rolesPermit = (roles: readonly Role[], type: ActionType): boolean =>
  roles.some((r) => ROLE_PERMISSIONS[r].has(type));

/** The roles and entity scope an actor acts with: its own, or for the agent, its principal's within its own. */
export interface Authority {
  roles: readonly Role[];
  entityIds: readonly string[] | null;
  /** Everyone who initiates: the actor and the person it acts for. */
  initiatorIds: readonly string[];
}

/** The authority of an actor; the agent gets its principal's roles, limited to the agent's own row. */
export function authorityOf(actor: Actor): Authority {
  if (!isAgent(actor) || !actor.onBehalfOf) {
    return { roles: actor.roles, entityIds: actor.entityIds, initiatorIds: [actor.userId] };
  }
  const p = actor.onBehalfOf;
  return {
    roles: p.roles,
    entityIds: intersectScopes(actor.entityIds, p.entityIds),
    initiatorIds: [actor.userId, p.userId],
  };
}

function intersectScopes(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((id) => b.includes(id));
}

/** True when the scope covers the entity; a firm-wide target (null) needs an unlimited scope. */
export function inScope(entityIds: readonly string[] | null, entityId: string | null): boolean {
  if (entityIds === null) return true;
  return entityId !== null && entityIds.includes(entityId);
}
