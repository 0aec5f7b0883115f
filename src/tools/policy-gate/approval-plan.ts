import type { Action } from '../../policy/actions.ts';
import type { ApprovalMatrix } from '../../policy/approval-matrix.ts';
import { checkApprovals, type Approval, type ApprovalShortfall } from '../../policy/approvals.ts';
import type { ApprovalStep } from '../../policy/decision.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { hashArguments } from '../../policy/hash-arguments.ts';
import { requirementsFor, toSteps } from '../../policy/matrix-rules.ts';
import { err, ok, type Result } from '../../shared/result.ts';

/**
 * The approval levels the matrix asks of an action under these facts, whoever takes it: what
 * evaluate() returns as steps once identity, role, scope and segregation pass. An invoice waiting
 * for approval needs this before anyone asks (the inbox, the next level to grant).
 */
export function approvalPlan(
  action: Action,
  facts: PolicyFacts,
  matrix: ApprovalMatrix,
): Result<ApprovalStep[], { code: 'FORBIDDEN'; message: string; policyCode: 'CURRENCY_NOT_IN_MATRIX' }> {
  const req = requirementsFor(action, facts, matrix);
  if (!req.ok) return err({ code: 'FORBIDDEN', message: req.error.reason, policyCode: req.error.code });
  return ok(toSteps(req.value, matrix.levelOrder));
}

/** Which levels stored approvals cover for exactly this action, now. */
export interface Coverage {
  /** Levels without a valid approval, lowest first (empty when all are covered). */
  missing: ApprovalShortfall[];
  /** Valid approvals over the current arguments: policy's previousApprovals. */
  live: { level: number; approverId: string }[];
}

/** Coverage of the steps by the approvals, by the same rules checkApprovals applies right before the write. */
export function coverage(
  steps: readonly ApprovalStep[],
  approvals: readonly Approval[],
  action: Action,
  now: Date,
  matrixVersion: number,
): Coverage {
  const argsHash = hashArguments(action);
  const live = approvals
    .filter(
      (a) =>
        a.actionType === action.type &&
        a.targetId === action.target.id &&
        a.argsHash === argsHash &&
        a.grantedAt.getTime() <= now.getTime() &&
        a.expiresAt.getTime() > now.getTime(),
    )
    .map((a) => ({ level: a.level, approverId: a.approverId }));
  if (steps.length === 0) return { missing: [], live };
  const check = checkApprovals(
    { outcome: 'require_approval', steps: [...steps], matrixVersion },
    approvals,
    action,
    now,
  );
  if (check.ok) return { missing: [], live };
  if (check.error.code === 'ACTION_DENIED') throw new Error('coverage: a require_approval decision cannot be denied');
  return { missing: [...check.error.shortfalls].sort((a, b) => a.level - b.level), live };
}

/** One line saying what is still needed, for messages and the inbox. */
export function describeMissing(steps: readonly ApprovalStep[], missing: readonly ApprovalShortfall[]): string {
  return missing
    .map((m) => {
      const step = steps.find((s) => s.level === m.level);
      const why = m.problem === 'missing' ? '' : ` (${m.problem.replace('_', ' ')})`;
      return `level ${m.level} by a ${m.role}${why}${step ? `: ${step.reason}` : ''}`;
    })
    .join('; ');
}
