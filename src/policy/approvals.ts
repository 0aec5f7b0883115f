import { err, ok, type Result } from '../shared/result.ts';
import type { ActionType } from './actions.ts';
import type { Action } from './actions.ts';
import type { ApprovalMatrix } from './approval-matrix.ts';
import type { ApprovalStep, PolicyDecision } from './decision.ts';
import { hashArguments } from './hash-arguments.ts';
import type { ApproverRole } from './roles.ts';

/** One granted level of approval, bound to the exact action it approves. */
export interface Approval {
  id: string;
  actionType: ActionType;
  targetId: string;
  /** hashArguments of the approved action. */
  argsHash: string;
  level: number;
  /** The role the level required; a later decision that needs another role at this level is not satisfied by it. */
  role: ApproverRole;
  approverId: string;
  grantedAt: Date;
  expiresAt: Date;
}

/** Why a required level is not covered. */
export type ShortfallProblem = 'missing' | 'expired' | 'args_changed' | 'approver_reused' | 'approver_executes';

export interface ApprovalShortfall {
  level: number;
  role: ApproverRole;
  problem: ShortfallProblem;
}

/** The action may not run yet (or at all). code names the most telling problem; shortfalls list every level. */
export type ApprovalCheckError =
  | { code: 'ACTION_DENIED'; decision: Extract<PolicyDecision, { outcome: 'deny' }> }
  | {
      code: 'APPROVAL_ARGS_CHANGED' | 'APPROVAL_EXPIRED' | 'APPROVER_REUSED' | 'APPROVER_EXECUTES' | 'APPROVAL_MISSING';
      shortfalls: ApprovalShortfall[];
    };

/** The approvals the action runs under, one per level (empty when policy allowed it outright). */
export interface ApprovalsSatisfied {
  approvals: Approval[];
}

const CODE_BY_PROBLEM = {
  args_changed: 'APPROVAL_ARGS_CHANGED',
  expired: 'APPROVAL_EXPIRED',
  approver_reused: 'APPROVER_REUSED',
  approver_executes: 'APPROVER_EXECUTES',
  missing: 'APPROVAL_MISSING',
} as const;
const SEVERITY: readonly ShortfallProblem[] = [
  'approver_executes',
  'args_changed',
  'expired',
  'approver_reused',
  'missing',
];

/** When an approval granted now expires under the matrix. */
export function approvalExpiresAt(grantedAt: Date, matrix: ApprovalMatrix): Date {
  return new Date(grantedAt.getTime() + matrix.approvalTtlHours * 3_600_000);
}

/**
 * Checks, immediately before the write, that stored approvals cover a fresh decision for exactly
 * this action: every level has an approval for the same action type, target, level and role, over
 * the same argument hash, not expired at `now`, and no person covers two levels. `executorIds` are
 * the people carrying the action out (the actor, and for the agent its principal): an approval of
 * theirs does not cover a level, as the approver is never the initiator. Approving an invoice is
 * the exception by design (the last approver's own approval is the action) and passes none.
 */
export function checkApprovals(
  decision: PolicyDecision,
  approvals: readonly Approval[],
  action: Action,
  now: Date,
  executorIds: readonly string[] = [],
): Result<ApprovalsSatisfied, ApprovalCheckError> {
  if (decision.outcome === 'deny') return err({ code: 'ACTION_DENIED', decision });
  if (decision.outcome === 'allow') return ok({ approvals: [] });

  const argsHash = hashArguments(action);
  const used: Approval[] = [];
  const shortfalls: ApprovalShortfall[] = [];
  for (const step of [...decision.steps].sort((a, b) => a.level - b.level)) {
    const found = coverStep(step, approvals, action, argsHash, now, used, executorIds);
    if ('approval' in found) used.push(found.approval);
    else shortfalls.push({ level: step.level, role: step.role, problem: found.problem });
  }
  if (shortfalls.length === 0) return ok({ approvals: used });
  const worst = SEVERITY.find((p) => shortfalls.some((s) => s.problem === p)) ?? 'missing';
  return err({ code: CODE_BY_PROBLEM[worst], shortfalls });
}

function coverStep(
  step: ApprovalStep,
  approvals: readonly Approval[],
  action: Action,
  argsHash: string,
  now: Date,
  used: readonly Approval[],
  executorIds: readonly string[],
): { approval: Approval } | { problem: ShortfallProblem } {
  // An approval dated after now does not exist yet as far as this check is concerned.
  const candidates = approvals.filter(
    (a) =>
      a.actionType === action.type &&
      a.targetId === action.target.id &&
      a.level === step.level &&
      a.role === step.role &&
      a.grantedAt.getTime() <= now.getTime(),
  );
  const sameArgs = candidates.filter((a) => a.argsHash === argsHash);
  const unexpired = sameArgs.filter((a) => a.expiresAt.getTime() > now.getTime());
  const live = unexpired.filter((a) => !executorIds.includes(a.approverId));
  const fresh = live.find((a) => !used.some((u) => u.approverId === a.approverId));
  if (fresh) return { approval: fresh };
  if (live.length > 0) return { problem: 'approver_reused' };
  if (unexpired.length > 0) return { problem: 'approver_executes' };
  if (sameArgs.length > 0) return { problem: 'expired' };
  if (candidates.length > 0) return { problem: 'args_changed' };
  return { problem: 'missing' };
}
