import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { guardRequest, type RequestGuardError } from './request-guard.ts';
import type { ActionOf, ApprovableActionType } from '../../policy/actions.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { markRequestRejected } from '../../db/stores/approval-request-store.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { queueApprovalNotice } from '../../db/stores/chat-notice-store.ts';
import { writeRequestDecisionNotice } from './decision-notice.ts';
import {
  pendingFacts,
  requestState,
  type RequestLookupError,
  type RequestState,
} from '../policy-gate/approval-request-state.ts';
import {
  auditEntry,
  matrixOf,
  readMatrixInForce,
  refusal,
  type PolicyRefusal,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../policy-gate/context.ts';

export const rejectApprovalSchema = z.object({
  requestId: z.uuid().describe('The approval request to refuse'),
  reason: z.string().trim().min(1).max(2000).describe('Why it is refused; the requester reads it'),
});
export type RejectApprovalInput = z.infer<typeof rejectApprovalSchema>;
export type RejectApprovalError = RequestLookupError | PolicyRefusal | { code: 'NOTHING_TO_REJECT'; message: string };

export interface RejectApprovalResult {
  requestId: string;
  status: 'rejected';
  rejectedLevel: number;
}

/**
 * Refuses a pending request at its next level (policy's approval.reject: the level's role, never the
 * requester, never the agent). The same arguments cannot be asked again; other arguments can.
 */
export async function rejectApproval(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: RejectApprovalInput,
): Promise<Result<RejectApprovalResult, RejectApprovalError>> {
  const pre = await decide(database.db, ctx, input, false);
  if (!pre.ok) return pre;
  return database.db.transaction(async (tx) => {
    const d = await decide(tx, ctx, input, true);
    if (!d.ok) return d;
    const { state, action, decision } = d.value;
    await markRequestRejected(tx, state.request.id, ctx.actor.userId, input.reason, ctx.now);
    await queueApprovalNotice(tx, state.request.id, 'rejected', ctx.now);
    // The requester's own notice is part of the decision: written here, whoever decides where, server or not.
    await writeRequestDecisionNotice(
      tx,
      state.request,
      { event: 'rejected', decidedBy: ctx.actor.userId, reason: input.reason },
      ctx.now,
    );
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: state.request.targetType,
        targetId: state.request.targetId,
        before: { requestId: state.request.id, status: 'pending' },
        after: { requestId: state.request.id, status: 'rejected', ...action.args },
        decision,
        reason: input.reason,
      }),
    );
    return ok({ requestId: state.request.id, status: 'rejected' as const, rejectedLevel: action.args.level });
  });
}

async function decide(
  db: DbOrTx,
  ctx: UseCaseContext,
  input: RejectApprovalInput,
  lock: boolean,
): Promise<
  Result<
    { state: RequestState; action: ActionOf<'approval.reject'>; decision: ReturnType<typeof evaluate> },
    RejectApprovalError
  >
> {
  // Before deciding, and again in the transaction (lock): the matrix in force, as committed now.
  await readMatrixInForce(db, ctx);
  const s = await requestState(db, ctx, input.requestId, lock);
  if (!s.ok) return s;
  const state = s.value;
  const next = state.coverage.missing[0];
  if (!next) return err({ code: 'NOTHING_TO_REJECT', message: 'every level is approved; the requester may run it' });
  const step = state.steps.find((x) => x.level === next.level)!;
  const action: ActionOf<'approval.reject'> = {
    type: 'approval.reject',
    target: state.action.target,
    args: {
      actionType: state.action.type as ApprovableActionType,
      argsHash: state.request.argsHash,
      level: step.level,
      role: step.role,
      reason: input.reason,
    },
  };
  const decision = evaluate(action, ctx.actor, pendingFacts(state), matrixOf(ctx));
  if (decision.outcome === 'deny') return err(refusal(decision));
  return ok({ state, action, decision });
}

export const approvalsReject = defineTool({
  name: 'approvals_reject',
  description:
    'Refuses a pending approval request at its next level, with the reason the requester reads. The same arguments cannot be ' +
    "asked again; other arguments can. Policy as for granting: the level's role, never the requester, never the agent.",
  input: rejectApprovalSchema,
  output: z
    .object({ requestId: z.string(), status: z.literal('rejected'), rejectedLevel: z.number().int() })
    .describe('The approval request afterwards'),
  risk: 'decision',
  policyAction: 'approval.reject',
  handler: async (ctx, input): Promise<Result<RejectApprovalResult, RejectApprovalError | RequestGuardError>> => {
    const guard = await guardRequest(ctx.db, ctx.actor, input.requestId);
    return guard.ok ? rejectApproval(ctx, ctx, input) : guard;
  },
});
