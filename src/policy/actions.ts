import type { StoredBankAccount } from '../billing/collections/bank-account.ts';
import type { Money } from '../shared/money.ts';
import type { MovingInvoice } from './moving-invoices.ts';
import type { ApproverRole } from './roles.ts';

/** What an action acts on. */
export type TargetKind =
  | 'invoice'
  | 'contract'
  | 'exception'
  | 'legal_entity'
  | 'project'
  | 'approval_matrix'
  | 'client'
  | 'payment'
  | 'person'
  | 'document'
  | 'exchange_rates'
  | 'milestone'
  | 'worklist'
  | 'risk_model'
  | 'dunning_policy'
  | 'user'
  | 'master_data'
  | 'chat_events'
  | 'agent_checkpoints'
  | 'approval_notices';
export interface Target<K extends TargetKind = TargetKind> {
  kind: K;
  id: string;
}

/** The part of a client record that decides where its invoices and reminders go, where it pays and who owns it. */
export interface ClientBillingDetails {
  billingContacts: readonly { name: string; email: string; role?: string | null }[];
  deliveryChannel: string;
  /** Decimal string and currency, or null for no limit. */
  creditLimit: { amount: string; currency: string } | null;
  accountManager: string | null;
  /**
   * The legal entity that bills the client (its code) and the account that entity's invoices and reminders print
   * (null: none on file). Moving the client redirects where it pays, so the approval binds the account too.
   */
  legalEntity: { code: string; bankAccount: StoredBankAccount | null };
}

type Act<T extends string, K extends TargetKind, A> = { type: T; target: Target<K>; args: A };

/**
 * Every state change policy decides on: its type, its target and its exact arguments. An approval
 * binds to a hash of all three, so the arguments carry whatever must not change after approval
 * (an invoice's revision and total, a credit note's amount).
 */
/**
 * The code of the legal entity an action moves something out of: a client moving to another entity
 * (client.change_billing_details naming another entity after than before); null for anything else, and for
 * arguments written before a client's entity was part of them.
 */
export function entityCodeLeft(action: Action): string | null {
  if (action.type !== 'client.change_billing_details') return null;
  const [from, to] = [action.args.before.legalEntity?.code, action.args.after.legalEntity?.code];
  return from !== undefined && to !== undefined && from !== to ? from : null;
}

export type Action =
  /** Draft -> pending approval. */
  | Act<'invoice.submit', 'invoice', { revision: number }>
  /** Pending approval -> approved (the invoice gets its number). Approving, so never the agent. */
  | Act<'invoice.approve', 'invoice', { revision: number; total: Money }>
  /** Pending approval -> draft, with the reason. A decision, so never the agent. */
  | Act<'invoice.reject', 'invoice', { revision: number; reason: string }>
  /** Approved -> posted: the invoice enters the books. The approval already happened. */
  | Act<'invoice.post', 'invoice', { revision: number }>
  /** The client has the invoice: posted -> delivered; paid or disputed before delivery, the status stays and delivered_at is set. */
  | Act<'invoice.deliver', 'invoice', { revision: number }>
  /**
   * Voids an invoice before posting. Bound to the status and revision it had when asked, so an
   * approval to void a draft does not void the invoice once it is approved and numbered.
   */
  | Act<'invoice.void', 'invoice', { reason: string; status: string; revision: number }>
  | Act<'invoice.credit_note', 'invoice', { amount: Money; reason: string; lineIds: readonly string[] | null }>
  | Act<'invoice.write_off', 'invoice', { amount: Money; reason: string }>
  | Act<
      'invoice.apply_discount',
      'invoice',
      { kind: 'percent' | 'amount'; value: string; appliesTo: 'fees' | 'all'; reason: string }
    >
  | Act<'invoice.apply_late_fee', 'invoice', { amount: Money; daysOverdue: number }>
  /** Records cash received from a client (the target), applied to its invoices; the rest stays unapplied. */
  | Act<
      'invoice.record_payment',
      'client',
      {
        bankReference: string;
        amount: Money;
        receivedOn: string;
        method: string;
        /** The legal entity that received the cash (code): the payment is its, as are the invoices it pays. */
        legalEntity: string;
        allocations: readonly { invoiceId: string; amount: Money }[];
      }
    >
  /** Applies a recorded payment's unapplied cash to invoices of its client (the target is the payment). */
  | Act<'invoice.apply_payment', 'payment', { allocations: readonly { invoiceId: string; amount: Money }[] }>
  /** Reverses a recorded payment (it bounced): the invoices it paid owe it again. */
  | Act<'invoice.reverse_payment', 'payment', { reason: string }>
  /** Marks an invoice disputed by the client: collectors stop chasing it. */
  | Act<
      'invoice.dispute',
      'invoice',
      { reason: string; disputedAmount: Money | null; reasonCode?: string | null; ownerId?: string | null }
    >
  /** Changes an open dispute's reason code, owner or evidence links (the SLA follows the reason code). */
  | Act<
      'invoice.update_dispute',
      'invoice',
      { disputeId: string; reasonCode: string | null; ownerId: string | null; evidence: readonly string[] }
    >
  /**
   * Ends a dispute: upheld, rejected (no change), or reissued (credited by the named credit note and a
   * corrected invoice drafted in its place). A decision, so never the agent.
   */
  | Act<
      'invoice.resolve_dispute',
      'invoice',
      {
        disputeId: string;
        resolution: 'upheld' | 'rejected' | 'reissued';
        note: string;
        creditNoteId?: string | null;
        corrections?: readonly string[];
      }
    >
  /** Applies terms extracted from a document to a contract; termsHash pins the exact terms. */
  | Act<'contract.apply_extracted_terms', 'contract', { extractionId: string; termsHash: string }>
  /**
   * Changes an existing contract's commercial terms by hand (rates, caps, discounts, payment terms,
   * models, milestones...): bound to the terms before and after, so an approval covers exactly this
   * change of exactly that contract state.
   */
  | Act<'contract.change_terms', 'contract', { before: Record<string, unknown>; after: Record<string, unknown> }>
  /** Changes an existing person's cost rate by hand (it decides the margin policy checks), bound to the rate before and after. */
  | Act<
      'person.change_cost_rate',
      'person',
      {
        before: { costRate: string | null; costCurrency: string | null };
        after: { costRate: string | null; costCurrency: string | null };
      }
    >
  /**
   * Changes an existing client's billing details (where invoices and reminders go, its credit limit,
   * its account owner, the legal entity that bills it and so the account it pays into), bound to those details
   * before and after. A new client needs no approval.
   */
  | Act<
      'client.change_billing_details',
      'client',
      {
        before: ClientBillingDetails;
        after: ClientBillingDetails;
        /**
         * On a move to another legal entity, the codes of the client's contracts that move with it (sorted): invoices
         * billed under them afterwards are issued by the new entity. Absent when the entity stays.
         */
        contracts?: readonly string[];
        /**
         * On a move, the client's invoices prepared and not yet numbered that move with it (sorted by id), as the
         * approvers are shown them. Absent when none moves.
         */
        invoices?: readonly MovingInvoice[];
      }
    >
  /**
   * Sets, changes or removes the account a legal entity's clients pay into (reminders print it), bound to the
   * account before and after (IBAN and BIC compact): an approval covers exactly this account replacing that one.
   * Redirecting where clients pay is the classic invoice fraud, so a second person always approves.
   */
  | Act<
      'legal_entity.change_bank_account',
      'legal_entity',
      { before: StoredBankAccount | null; after: StoredBankAccount | null }
    >
  /** Puts a project on hold, reactivates or closes it: on hold, its invoices need the project manager's approval. */
  | Act<'project.change_status', 'project', { before: string; after: string }>
  /**
   * Closes an exception with a resolution code. `releases` is the held money the resolution lets
   * onto the invoice (the held line's amount, invoice currency) or null: an approval to release
   * 134.40 does not cover releasing more after the line was re-rated.
   */
  | Act<'exception.resolve', 'exception', { resolutionCode: string; note: string; releases: Money | null }>
  /** Hands an exception to a person to work on. */
  | Act<'exception.assign', 'exception', { assigneeId: string }>
  /**
   * Records a message from outside (ERP rejection, bounce, client e-mail) as the billing exception its
   * triage class calls for, or attaches it to the open one it concerns; the target is that exception.
   * Its words decide nothing else: the class's fixed rule (billing/incoming) names type and owner.
   */
  | Act<
      'exception.record_incoming',
      'exception',
      { textSha256: string; channel: string; triageClass: string; exceptionType: string; attached: boolean }
    >
  | Act<'billing_run.start', 'legal_entity', { period: string; contractIds: readonly string[] | null }>
  /** Stores a contract document (by its SHA-256, once) for extraction; the target id is the hash, the document's id comes after. */
  | Act<'document.upload', 'document', { sha256: string; clientId: string | null; contractId: string | null }>
  /** Records submitted time entries (an import, a timesheet week). Submitted only: approval is time_entries.approve. */
  | Act<'time_entries.import', 'legal_entity', { entries: number; externalIds: readonly string[] }>
  /** Approves time entries of one project. Approving, so never the agent and never one's own time. */
  | Act<'time_entries.approve', 'project', { timeEntryIds: readonly string[] }>
  /** Approves submitted expenses of one project, so billing takes them. Approving, so never the agent and never one's own expenses. */
  | Act<'expenses.approve', 'project', { expenseIds: readonly string[] }>
  /** Records an out-of-pocket expense on a project, as submitted: billing takes it once approved. */
  | Act<'expense.record', 'project', { externalId: string | null; amount: Money; incurredOn: string; category: string }>
  /** Records a batch of expenses of one legal entity, as submitted (all or none): an import from an expense tool. */
  | Act<'expenses.import', 'legal_entity', { expenses: number; externalIds: readonly string[] }>
  /** Reports metered usage of usage-priced contracts (the target names their codes); a reading's event key is taken once. */
  | Act<'usage.report', 'contract', { eventKeys: readonly string[] }>
  /** Delivery says a milestone is done. */
  | Act<'milestone.complete', 'milestone', { completedOn: string }>
  /** Records the client's acceptance of a milestone: the next billing run bills it. */
  | Act<'milestone.accept', 'milestone', { acceptedOn: string; acceptedBy: string }>
  /** Runs the collections prioritization for a date (the target id): the stored worklist of that date. Firm-wide. */
  | Act<'collections.prioritize', 'worklist', { asOf: string }>
  /** Trains and stores the next risk model version on the history known on asOf. Firm-wide. */
  | Act<'risk_models.train', 'risk_model', { asOf: string }>
  /**
   * Stores the newest risk model's dispute score at issue for every open invoice that has none under it (the
   * target id is the version), so the first nightly run after training reads scores instead of computing them.
   */
  | Act<'risk_models.backfill_scores', 'risk_model', { version: number; asOf: string }>
  /** Assigns a client's collector (a user id, or null to keep it) and its segment. */
  | Act<'client.assign_collector', 'client', { collectorId: string | null; segment: string }>
  /** Drafts and queues the reminders the dunning policies call for on a date (the target id). Firm-wide; sends each step once. */
  | Act<'collections.send_reminders', 'worklist', { asOf: string }>
  /** Records a client's promise to pay an invoice: the amount, by when, who promised. Reminders pause while it is live. */
  | Act<'collections.record_promise', 'invoice', { amount: Money; promisedFor: string; promisedBy: string }>
  /** Pauses (or resumes) reminders for an invoice or a whole client, with the reason. */
  | Act<'collections.pause_dunning', 'invoice' | 'client', { paused: boolean; reason: string; until: string | null }>
  /** Sets a segment's (or one client's) reminder steps: day offsets, channel, template, final notice, late fee. Firm-wide. */
  | Act<
      'collections.set_dunning_policy',
      'dunning_policy',
      { scope: string; steps: readonly { days: number; step: string; channel: string }[]; fromVersion?: number }
    >
  /** Replaces the approval matrix; matrixHash pins the exact new rules. */
  | Act<'approval_matrix.change', 'approval_matrix', { fromVersion: number; toVersion: number; matrixHash: string }>
  /** Loads dated exchange rates (firm-wide reference data that decides invoice amounts); rates pins each pair, date and rate added. */
  | Act<'exchange_rates.import', 'exchange_rates', { rates: readonly string[] }>
  /**
   * Creates a user with roles, an entity scope and a first API key (the target id is the email).
   * Administering access is firm-wide, never the agent's, and never for oneself.
   */
  | Act<'user.create', 'user', { email: string; roles: readonly string[]; entities: readonly string[] | null }>
  /** Issues one more API key for an active user (the target id is the user's id). */
  | Act<'api_key.create', 'user', { email: string }>
  /** Revokes an API key (the target id is the key's user; args name the key). */
  | Act<'api_key.revoke', 'user', { keyId: string }>
  /** Links a user to their Slack or Teams id: messages from that id then act as the user. */
  | Act<'user.link_chat', 'user', { provider: string; workspaceId: string; externalId: string }>
  /** Removes a user's Slack or Teams link. */
  | Act<'user.unlink_chat', 'user', { provider: string; workspaceId: string }>
  /**
   * Deletes the records of chat messages handled long ago (chat_inbound_events done or failed, received and settled
   * before `before`): operational data, never the books; the target id is the table. Firm-wide.
   */
  | Act<'chat_events.prune', 'chat_events', { retentionDays: number; before: string }>
  /**
   * Deletes the copilot's LangGraph checkpoints of threads idle since before `before` that no call waits on:
   * operational state, never the books; the target id is the table. Firm-wide.
   */
  | Act<'agent_checkpoints.prune', 'agent_checkpoints', { retentionDays: number; before: string }>
  /**
   * Marks a person's own approval notices read (the target is the person; null ids: every unread one).
   * Only ever one's own: policy refuses another person as the target.
   */
  | Act<'approval_notice.mark_read', 'user', { noticeIds: readonly string[] | null }>
  /**
   * Delivers decision notices to their people's Slack or Teams direct messages and records each delivery (the chat
   * worker, as service:job-worker): operational state of the notices, never the books; the target id is the table.
   */
  | Act<'approval_notice.deliver', 'approval_notices', { due: number }>
  /** Loads a master-data bundle (legal entities, tax and exchange rates, clients, people, contracts, projects); target id is the file. */
  | Act<'master_data.import', 'master_data', { sha256: string }>
  /** Grants one level of a pending approval. Target is the target of the action being approved. */
  | Act<
      'approval.grant',
      TargetKind,
      { actionType: ApprovableActionType; argsHash: string; level: number; role: ApproverRole }
    >
  /** Refuses one level of a pending approval. */
  | Act<
      'approval.reject',
      TargetKind,
      { actionType: ApprovableActionType; argsHash: string; level: number; role: ApproverRole; reason: string }
    >;

export type ActionType = Action['type'];
/** Narrows Action to one type. */
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
/** Actions whose approval is itself an action: everything except granting and refusing approvals. */
export type ApprovableActionType = Exclude<ActionType, 'approval.grant' | 'approval.reject'>;

/** Every action type, for tables that must cover them all. */
export const ACTION_TYPES = [
  'invoice.submit',
  'invoice.approve',
  'invoice.reject',
  'invoice.post',
  'invoice.deliver',
  'invoice.void',
  'invoice.credit_note',
  'invoice.write_off',
  'invoice.apply_discount',
  'invoice.apply_late_fee',
  'invoice.record_payment',
  'invoice.apply_payment',
  'invoice.reverse_payment',
  'invoice.dispute',
  'invoice.update_dispute',
  'invoice.resolve_dispute',
  'contract.apply_extracted_terms',
  'contract.change_terms',
  'person.change_cost_rate',
  'client.change_billing_details',
  'legal_entity.change_bank_account',
  'project.change_status',
  'exception.resolve',
  'exception.assign',
  'exception.record_incoming',
  'billing_run.start',
  'document.upload',
  'time_entries.approve',
  'time_entries.import',
  'expenses.approve',
  'expense.record',
  'expenses.import',
  'usage.report',
  'milestone.complete',
  'milestone.accept',
  'collections.prioritize',
  'risk_models.train',
  'risk_models.backfill_scores',
  'client.assign_collector',
  'collections.send_reminders',
  'collections.record_promise',
  'collections.pause_dunning',
  'collections.set_dunning_policy',
  'approval_matrix.change',
  'exchange_rates.import',
  'user.create',
  'api_key.create',
  'api_key.revoke',
  'user.link_chat',
  'user.unlink_chat',
  'master_data.import',
  'chat_events.prune',
  'agent_checkpoints.prune',
  'approval_notice.mark_read',
  'approval_notice.deliver',
  'approval.grant',
  'approval.reject',
] as const satisfies readonly ActionType[];

/** Administering who may act: users, their API keys and chat links. */
export const ACCESS_ACTIONS: ReadonlySet<ActionType> = new Set<ActionType>([
  'user.create',
  'api_key.create',
  'api_key.revoke',
  'user.link_chat',
  'user.unlink_chat',
]);

/** Actions that approve or refuse something: the agent may never take them. */
export const DECISION_ACTIONS: ReadonlySet<ActionType> = new Set<ActionType>([
  'invoice.approve',
  'invoice.reject',
  'invoice.resolve_dispute',
  // Resolving an exception releases held lines (approved_as_is) or zeroes them (write_off), and
  // closing it lifts the matrix's open-exception approval: people's decision. The agent may assign.
  'exception.resolve',
  'time_entries.approve',
  'expenses.approve',
  'approval.grant',
  'approval.reject',
]);

// Compile-time proof that ACTION_TYPES lists every action type.
const allListed: [Exclude<ActionType, (typeof ACTION_TYPES)[number]>] extends [never] ? true : false = true;
void allListed;
