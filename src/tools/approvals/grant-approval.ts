import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { guardRequest, type RequestGuardError } from './request-guard.ts';
import type { ActionOf, ApprovableActionType, TargetKind } from '../../policy/actions.ts';
import { approvalExpiresAt } from '../../policy/approvals.ts';
import type { ApprovalStep } from '../../policy/decision.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { recordApproval } from '../../db/stores/approval-store.ts';
import { renewApproval } from '../../db/stores/approval-request-store.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { queueApprovalNotice } from '../../db/stores/chat-notice-store.ts';
import { describeMissing } from '../policy-gate/approval-plan.ts';
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
  type ApprovalRequired,
  type PolicyRefusal,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../policy-gate/context.ts';

export const grantApprovalSchema = z.object({
  requestId: z
    .uuid()
    .describe('The approval request (from APPROVAL_REQUIRED or the inbox) to approve at its next level'),
});
export type GrantApprovalInput = z.infer<typeof grantApprovalSchema>;
export type GrantApprovalError = RequestLookupError | PolicyRefusal | ApprovalRequired;

export interface GrantApprovalResult {
  requestId: string;
  actionType: string;
  targetId: string;
  /** The level this call approved; null when every level was already approved. */
  approvedLevel: number | null;
  remainingSteps: ApprovalStep[];
  /** Every level is approved: the requester can now run the action with the same arguments. */
  ready: boolean;
}

/**
 * Approves the next level of a pending request (a void, a credit note, a write-off): policy decides
 * approval.grant (the level's role, levels in order, never the requester or the preparer, one
 * level per person, never the agent), and the approval is stored bound to the request's exact
 * arguments. The action itself runs when the requester calls it again.
 */
export async function grantApproval(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: GrantApprovalInput,
): Promise<Result<GrantApprovalResult, GrantApprovalError>> {
  const pre = await decide(database.db, ctx, input.requestId, false);
  if (!pre.ok) return pre;
  return database.db.transaction(async (tx) => {
    const d = await decide(tx, ctx, input.requestId, true);
    if (!d.ok) return d;
    const { state, grant } = d.value;
    if (!grant) return ok(result(state, null));
    const { step, action, decision } = grant;
    const rec = await recordApproval(tx, {
      actionType: state.action.type as ApprovableActionType,
      targetType: state.request.targetType as TargetKind,
      targetId: state.request.targetId,
      argsHash: state.request.argsHash,
      level: step.level,
      role: step.role,
      approverId: ctx.actor.userId,
      matrixVersion: matrixOf(ctx).version,
      grantedAt: ctx.now,
      expiresAt: approvalExpiresAt(ctx.now, matrixOf(ctx)),
    });
    if (!rec.ok)
      return err({
        code: 'SOD_VIOLATION',
        message: `the same person already approved level ${rec.error.approvedLevel}`,
        policyCode: rec.error.code,
      });
    const approval =
      rec.value.expiresAt.getTime() <= ctx.now.getTime()
        ? await renewApproval(tx, rec.value, ctx.now, approvalExpiresAt(ctx.now, matrixOf(ctx)))
        : rec.value;
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: state.request.targetType,
        targetId: state.request.targetId,
        before: null,
        after: { approvalId: approval.id, requestId: state.request.id, ...action.args },
        decision,
        reason: step.reason,
        approvalRef: approval.id,
      }),
    );
    const after = result(state, step);
    // Every level approved: the requester is told (and their paused conversation resumed); else the next level's approvers.
    await queueApprovalNotice(tx, state.request.id, after.ready ? 'granted' : 'opened', ctx.now);
    // The requester's own notice is part of the decision: written here, whoever decides where, server or not.
    if (after.ready)
      await writeRequestDecisionNotice(
        tx,
        state.request,
        { event: 'granted', decidedBy: ctx.actor.userId, reason: null },
        ctx.now,
      );
    return ok(after);
  });
}

type Grant = { step: ApprovalStep; action: ActionOf<'approval.grant'>; decision: ReturnType<typeof evaluate> };

async function decide(
  db: DbOrTx,
  ctx: UseCaseContext,
  requestId: string,
  lock: boolean,
): Promise<Result<{ state: RequestState; grant: Grant | null }, GrantApprovalError>> {
  // Before deciding, and again in the transaction (lock): the matrix in force, as committed now.
  await readMatrixInForce(db, ctx);
  const s = await requestState(db, ctx, requestId, lock);
  if (!s.ok) return s;
  const state = s.value;
  const next = state.coverage.missing[0];
  if (!next) return ok({ state, grant: null });
  const step = state.steps.find((x) => x.level === next.level)!;
  const action: ActionOf<'approval.grant'> = {
    type: 'approval.grant',
    target: state.action.target,
    args: {
      actionType: state.action.type as ApprovableActionType,
      argsHash: state.request.argsHash,
      level: step.level,
      role: step.role,
    },
  };
  const decision = evaluate(action, ctx.actor, pendingFacts(state), matrixOf(ctx));
  if (decision.outcome === 'deny') {
    if (decision.code === 'APPROVER_LACKS_ROLE' || decision.code === 'APPROVAL_OUT_OF_ORDER') {
      const { missing } = state.coverage;
      return err({
        code: 'APPROVAL_REQUIRED',
        message: `the request needs ${describeMissing(state.steps, missing)}`,
        steps: state.steps,
        missing,
        requestId,
      });
    }
    return err(refusal(decision));
  }
  return ok({ state, grant: { step, action, decision } });
}

function result(state: RequestState, granted: ApprovalStep | null): GrantApprovalResult {
  const missing = state.coverage.missing.filter((m) => m.level !== granted?.level);
  return {
    requestId: state.request.id,
    actionType: state.request.actionType,
    targetId: state.request.targetId,
    approvedLevel: granted?.level ?? null,
    remainingSteps: state.steps.filter((s) => missing.some((m) => m.level === s.level)),
    ready: missing.length === 0,
  };
}

const stepSchema = z.object({ level: z.number().int(), role: z.string(), reason: z.string() });

export const approvalsGrant = defineTool({
  name: 'approvals_grant',
  description:
    'Approves the next level of a pending approval request (a void, credit note, write-off, held release, contract change...). ' +
    "Policy decides: the approver holds the level's role, is not the requester, approves one level only, and is never the agent. " +
    'When every level is approved the requester runs the action again with the same arguments.',
  input: grantApprovalSchema,
  output: z
    .object({
      requestId: z.string(),
      actionType: z.string(),
      targetId: z.string(),
      approvedLevel: z
        .number()
        .int()
        .nullable()
        .describe('The level this call approved; null when every level was already approved'),
      remainingSteps: z.array(stepSchema),
      ready: z.boolean().describe('Every level is approved'),
    })
    .describe('The approval request afterwards'),
  risk: 'decision',
  policyAction: 'approval.grant',
  handler: async (ctx, input): Promise<Result<GrantApprovalResult, GrantApprovalError | RequestGuardError>> => {
    const guard = await guardRequest(ctx.db, ctx.actor, input.requestId);
    return guard.ok ? grantApproval(ctx, ctx, input) : guard;
  },
});
