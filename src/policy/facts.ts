import type { Money } from '../shared/money.ts';
import type { ApprovalStep } from './decision.ts';

/**
 * What policy needs to know about the world, read by the use case just before it asks. Amounts are
 * in the legal entity's currency (the matrix thresholds are). Which fields an action needs is
 * listed on each; evaluate throws when a needed fact is missing, because that is a caller bug.
 */
export interface PolicyFacts {
  /** The legal entity that owns the target; null for firm-wide targets (the approval matrix). */
  entityId: string | null;
  /**
   * Further legal entities the action reaches besides entityId: the one a client moving to another entity leaves
   * (client.change_billing_details), and for approval.grant / approval.reject of its request the same. The actor
   * needs each in scope, as for entityId: nobody takes a client away from an entity they have no authority over.
   */
  otherEntityIds?: readonly string[];
  /** invoice.approve: the invoice total converted to the entity's currency. */
  invoiceTotal?: Money;
  /** invoice.approve: margin of revenue over people's cost rates, decimal percent; null when it cannot be computed. */
  marginPercent?: string | null;
  /** invoice.approve: exceptions still open on the invoice. */
  openExceptionCount?: number;
  /** invoice.approve: the invoice's project is on hold. */
  projectOnHold?: boolean;
  /** invoice.approve, invoice.apply_discount: discounts go beyond what the contract grants. */
  discountBeyondContract?: boolean;
  /**
   * invoice.approve: held money released onto the invoice by resolving its exceptions (approved as
   * is, not an issue), each with who resolved it and who approved the release. Empty when none.
   */
  releasedHolds?: readonly ReleasedHold[];
  /**
   * exception.resolve: the held money the resolution releases, in the entity's currency, with the
   * exception's type and owning role; null when it releases none (a data fix, a write-off, a draft-wide hold).
   */
  heldRelease?: { amount: Money; exceptionType: string; ownerRole: string } | null;
  /**
   * invoice.approve: the dispute risk the pre-send check gave the draft when it was submitted (the
   * submission's audit row keeps it); null when it was submitted before the check existed.
   */
  disputeRisk?: SubmittedDisputeRisk | null;
  /** invoice.credit_note, invoice.write_off: the amount in the entity's currency. */
  amount?: Money;
  /** invoice.approve and approvals of invoice actions: who prepared the invoice. */
  preparerId?: string | null;
  /** invoice.resolve_dispute: who opened the dispute and, for the agent, the person it acted for. Neither may resolve it. */
  disputeOpenedBy?: readonly string[];
  /** time_entries.approve, expenses.approve: the people (user ids) whose time entries or expenses these are. */
  workerIds?: readonly string[];
  /**
   * Any action of the console operator (master_data.import and access): an active user holding the
   * admin role has an unrevoked API key, so access is administered by a named administrator instead.
   */
  administratorCanAct?: boolean;
  /** api_key.create, user.link_chat: the user the key or link is for (nobody mints access for themselves). */
  targetUserId?: string;
  /** approval.grant, approval.reject: the pending request being decided. */
  pendingApproval?: PendingApprovalFacts;
}

/** A draft's dispute risk as scored at submission: a fact the matrix weighs, never a decision of the model. */
export interface SubmittedDisputeRisk {
  /** The chance the client disputes the invoice, a decimal string from 0 to 1 with 4 places, e.g. "0.6714". */
  probability: string;
  /** The stored risk model version that scored it; null = the documented prior (nothing trained yet). */
  modelVersion: number | null;
  /** Its largest contributions, in words, most important first. */
  reasons: string[];
}

/** Held money an exception's resolution released onto an invoice. */
export interface ReleasedHold {
  exceptionId: string;
  exceptionType: string;
  /** The released line's amount, in the invoice's currency. */
  amount: Money;
  resolvedBy: string | null;
  /** Who approved the release (empty: it needed no approval, or predates the rule). */
  approvedBy: readonly string[];
}

/** A request waiting for approval: who asked, which steps the decision required, who approved so far. */
export interface PendingApprovalFacts {
  /** The requester and, for the agent, the person it acted for. Neither may approve. */
  initiatorIds: readonly string[];
  steps: readonly ApprovalStep[];
  /** Approvals already granted for this action: the previous approvers. */
  previousApprovals: readonly { level: number; approverId: string }[];
}
