import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import type { Action } from '../../policy/actions.ts';
import { checkApprovals, type Approval } from '../../policy/approvals.ts';
import type { PolicyDecision } from '../../policy/decision.ts';
import { evaluate } from '../../policy/evaluate.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { hashArguments } from '../../policy/hash-arguments.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { listApprovals } from '../../db/stores/approval-store.ts';
import {
  findRejectedRequest,
  markRequestExecuted,
  openApprovalRequest,
} from '../../db/stores/approval-request-store.ts';
import { queueApprovalNotice } from '../../db/stores/chat-notice-store.ts';
import { describeMissing } from './approval-plan.ts';
import {
  auditEntry,
  initiatorsOf,
  matrixOf,
  readMatrixInForce,
  refusal,
  type ApprovalRequired,
  type ArgsChanged,
  type PolicyRefusal,
  type UseCaseContext,
} from './context.ts';

/** A request for exactly these arguments was refused; ask again with other arguments. */
export interface ApprovalRejected {
  code: 'APPROVAL_REJECTED';
  message: string;
  requestId: string;
  reason: string | null;
}

export type GateError = PolicyRefusal | ApprovalRequired | ArgsChanged | ApprovalRejected;

/** What the action may run under. */
export interface GatePassed {
  decision: Extract<PolicyDecision, { outcome: 'allow' | 'require_approval' }>;
  approvals: Approval[];
  /** The request the approvals were granted on, now executed; null when none was needed. */
  requestId: string | null;
}

/**
 * The first check, before any transaction: an outright denial ends the use case early. It decides
 * under matrixOf(ctx): call readMatrixInForce(database.db, ctx) first (runInvoiceCommand does).
 */
export function precheck(
  ctx: UseCaseContext,
  action: Action,
  facts: PolicyFacts,
): Result<PolicyDecision, PolicyRefusal> {
  const decision = evaluate(action, ctx.actor, facts, matrixOf(ctx));
  return decision.outcome === 'deny' ? err(refusal(decision)) : ok(decision);
}

/**
 * The check immediately before the write, inside the writing transaction: evaluate with fresh facts
 * under the approval matrix in force (read in this transaction), then checkApprovals against the stored approvals bound to the exact arguments. When approvals are
 * missing, the pending request for these arguments is opened (and audited) and the caller returns
 * the refusal, which commits the request; when they are all there, the request is marked executed.
 */
export async function passGate(
  tx: DbOrTx,
  ctx: UseCaseContext,
  action: Action,
  facts: PolicyFacts,
): Promise<Result<GatePassed, GateError>> {
  const decision = evaluate(action, ctx.actor, facts, await readMatrixInForce(tx, ctx));
  if (decision.outcome === 'deny') return err(refusal(decision));
  if (decision.outcome === 'allow') return ok({ decision, approvals: [], requestId: null });
  if (action.type === 'approval.grant' || action.type === 'approval.reject')
    throw new Error('granting an approval cannot itself need approval');
  const argsHash = hashArguments(action);
  // An approval authorises one run: once this exact action ran on it, the same arguments need new approvals
  // (a second identical credit note or write-off must be approved again).
  const stored = await listApprovals(tx, { actionType: action.type, targetId: action.target.id, usableFor: argsHash });
  const check = checkApprovals(decision, stored, action, ctx.now, initiatorsOf(ctx.actor));
  if (check.ok) {
    const requestId = await markRequestExecuted(tx, action.type, action.target.id, argsHash, ctx.now);
    return ok({ decision, approvals: check.value.approvals, requestId });
  }
  if (check.error.code === 'ACTION_DENIED') return err(refusal(check.error.decision));
  if (check.error.code === 'APPROVER_EXECUTES') {
    // The request stands, approved: someone other than its approvers carries it out (the requester, typically).
    return err(
      refusal({
        outcome: 'deny',
        code: 'SOD_APPROVER_CANNOT_EXECUTE',
        matrixVersion: decision.matrixVersion,
        reason: `you approved this ${action.type}; the approver is never the one who carries it out: the person who asked for it, or another permitted user, runs it`,
      }),
    );
  }

  const rejected = await findRejectedRequest(tx, action.type, action.target.id, argsHash);
  if (rejected) {
    return err({
      code: 'APPROVAL_REJECTED',
      message: `this exact ${action.type} was refused: ${rejected.decisionReason ?? 'no reason given'}`,
      requestId: rejected.id,
      reason: rejected.decisionReason,
    });
  }
  const { steps } = decision;
  const { request, created } = await openApprovalRequest(tx, {
    action,
    argsHash,
    steps,
    matrixVersion: decision.matrixVersion,
    legalEntityId: facts.entityId,
    requestedBy: ctx.actor.userId,
    requestedFor: ctx.actor.onBehalfOf?.userId ?? null,
    now: ctx.now,
  });
  if (created) {
    // The approvers hear of it where they are (chat_notices, relayed to Slack and Teams); same transaction.
    await queueApprovalNotice(tx, request.id, 'opened', ctx.now);
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: 'approval.request',
        targetType: action.target.kind,
        targetId: action.target.id,
        before: null,
        after: {
          requestId: request.id,
          actionType: action.type,
          args: action.args,
          argsHash,
          steps,
          initiatorIds: initiatorsOf(ctx.actor),
        },
        decision,
        reason: steps.map((s) => s.reason).join('; '),
      }),
    );
  }
  const { shortfalls } = check.error;
  const details = { steps, missing: shortfalls, requestId: request.id };
  return check.error.code === 'APPROVAL_ARGS_CHANGED'
    ? err({
        code: 'ARGS_CHANGED',
        message: `approvals exist for other arguments; needs ${describeMissing(steps, shortfalls)}`,
        ...details,
      })
    : err({
        code: 'APPROVAL_REQUIRED',
        message: `${action.type} needs ${describeMissing(steps, shortfalls)}`,
        ...details,
      });
}

/**
 * The decision an import passing one gate per legal entity records in its audit row: the one gate's
 * decision, or each entity's beside its id.
 */
export function decisionOfGates(gates: readonly { entityId: string; gate: GatePassed }[]) {
  return gates.length === 1
    ? toJsonValue(gates[0]!.gate.decision)
    : toJsonValue({ byEntity: gates.map((g) => ({ legalEntityId: g.entityId, decision: g.gate.decision })) });
}
