import type { Action } from './actions.ts';
import type { DenyCode } from './decision.ts';
import type { PolicyFacts } from './facts.ts';
import type { Authority } from './permissions.ts';
import type { Actor } from './roles.ts';

type Denial = { code: DenyCode; reason: string };

/**
 * Segregation of duties for one action: the preparer of an invoice does not approve it, nobody
 * approves their own time, their own expenses or their own request, nobody resolves a dispute they opened, one person approves at most one level, and levels
 * are approved in order by someone holding the level's role. Null when nothing is violated.
 */
export function segregationDenial(
  action: Action,
  actor: Actor,
  authority: Authority,
  facts: PolicyFacts,
): Denial | null {
  switch (action.type) {
    case 'invoice.approve':
      if (facts.preparerId === undefined) throw new Error('policy: invoice.approve needs the fact preparerId');
      if (facts.preparerId !== null && facts.preparerId === actor.userId) {
        return { code: 'SOD_PREPARER_CANNOT_APPROVE', reason: 'the preparer of an invoice cannot approve it' };
      }
      return null;
    case 'time_entries.approve': {
      if (facts.workerIds === undefined) throw new Error('policy: time_entries.approve needs the fact workerIds');
      if (facts.workerIds.includes(actor.userId))
        return { code: 'SOD_OWN_TIME_ENTRIES', reason: 'nobody approves their own time' };
      return null;
    }
    case 'expenses.approve': {
      if (facts.workerIds === undefined) throw new Error('policy: expenses.approve needs the fact workerIds');
      if (facts.workerIds.includes(actor.userId))
        return { code: 'SOD_OWN_EXPENSES', reason: 'nobody approves their own expenses' };
      return null;
    }
    case 'invoice.resolve_dispute':
      // Deciding a dispute is a decision on what the opener asserted: the opener does not decide it.
      if (facts.disputeOpenedBy === undefined)
        throw new Error('policy: invoice.resolve_dispute needs the fact disputeOpenedBy');
      if (facts.disputeOpenedBy.includes(actor.userId)) {
        return { code: 'SOD_INITIATOR_CANNOT_APPROVE', reason: 'the person who opened a dispute cannot resolve it' };
      }
      return null;
    case 'approval.grant':
    case 'approval.reject':
      return approverDenial(action, actor, authority, facts);
    case 'api_key.create':
    case 'user.link_chat':
      if (facts.targetUserId === undefined) throw new Error(`policy: ${action.type} needs the fact targetUserId`);
      if (authority.initiatorIds.includes(facts.targetUserId))
        return {
          code: 'SOD_OWN_ACCESS',
          reason:
            action.type === 'api_key.create'
              ? 'nobody issues an API key to themselves: another administrator does'
              : 'nobody links a chat id to themselves: another administrator does',
        };
      return null;
    case 'approval_notice.mark_read':
      // A notice is its requester's alone: nobody marks another person's read.
      if (!authority.initiatorIds.includes(action.target.id))
        return { code: 'NOT_OWN_NOTICES', reason: 'a person marks only their own approval notices read' };
      return null;
    default:
      return null;
  }
}

function approverDenial(
  action: Extract<Action, { type: 'approval.grant' | 'approval.reject' }>,
  actor: Actor,
  authority: Authority,
  facts: PolicyFacts,
): Denial | null {
  const pending = facts.pendingApproval;
  if (!pending) throw new Error(`policy: ${action.type} needs the fact pendingApproval`);
  const { level, role } = action.args;
  const step = pending.steps.find((s) => s.level === level && s.role === role);
  if (!step) return { code: 'APPROVAL_STEP_UNKNOWN', reason: `the request has no level ${level} for ${role}` };
  if (!authority.roles.includes(step.role))
    return { code: 'APPROVER_LACKS_ROLE', reason: `level ${level} must be approved by a ${step.role}` };
  if (pending.initiatorIds.includes(actor.userId)) {
    return { code: 'SOD_INITIATOR_CANNOT_APPROVE', reason: 'the initiator of an action cannot approve it' };
  }
  if (facts.preparerId != null && facts.preparerId === actor.userId) {
    return { code: 'SOD_PREPARER_CANNOT_APPROVE', reason: 'the preparer of an invoice cannot approve it' };
  }
  const other = pending.previousApprovals.find((a) => a.approverId === actor.userId && a.level !== level);
  if (other) {
    return {
      code: 'SOD_ONE_LEVEL_PER_APPROVER',
      reason: `the same person already approved level ${other.level} of this action`,
    };
  }
  if (action.type === 'approval.grant') {
    const missing = pending.steps.find(
      (s) => s.level < level && !pending.previousApprovals.some((a) => a.level === s.level),
    );
    if (missing)
      return { code: 'APPROVAL_OUT_OF_ORDER', reason: `level ${missing.level} (${missing.role}) must approve first` };
  }
  return null;
}
