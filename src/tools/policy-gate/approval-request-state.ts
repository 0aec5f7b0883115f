import type { Action, ApprovableActionType, TargetKind } from '../../policy/actions.ts';
import type { ApprovalStep } from '../../policy/decision.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { hashArguments } from '../../policy/hash-arguments.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { listApprovals } from '../../db/stores/approval-store.ts';
import { getApprovalRequest, requestSteps, type ApprovalRequestRow } from '../../db/stores/approval-request-store.ts';
import { getInvoice } from '../../db/stores/invoice-lifecycle-store.ts';
import { coverage, type Coverage } from './approval-plan.ts';
import { matrixOf, type UseCaseContext } from './context.ts';
import { entityFacts } from './entity-facts.ts';

export type RequestLookupError =
  | { code: 'APPROVAL_REQUEST_NOT_FOUND'; message: string; requestId: string }
  | { code: 'REQUEST_NOT_PENDING'; message: string; requestId: string; status: string };

/** A pending approval request with what policy needs to decide on its next level. */
export interface RequestState {
  request: ApprovalRequestRow;
  /** The requested action, rebuilt from the stored arguments (its hash is checked against the stored one). */
  action: Action;
  steps: ApprovalStep[];
  coverage: Coverage;
  /** Facts for approval.grant / approval.reject, except the pending approval itself. */
  facts: PolicyFacts;
  initiatorIds: string[];
}

/** Reads a pending request (locked when asked) and how far its approval has come. */
export async function requestState(
  db: DbOrTx,
  ctx: UseCaseContext,
  requestId: string,
  lock: boolean,
): Promise<Result<RequestState, RequestLookupError>> {
  const request = await getApprovalRequest(db, requestId, { lock });
  if (!request)
    return err({ code: 'APPROVAL_REQUEST_NOT_FOUND', message: `no approval request ${requestId}`, requestId });
  if (request.status !== 'pending')
    return err({
      code: 'REQUEST_NOT_PENDING',
      message: `the request is ${request.status}`,
      requestId,
      status: request.status,
    });
  // Stored args are canonical JSON (bigints as strings), which hashes exactly as the original did.
  const action = {
    type: request.actionType,
    target: { kind: request.targetType as TargetKind, id: request.targetId },
    args: request.args,
  } as unknown as Action;
  if (hashArguments(action) !== request.argsHash)
    throw new Error(`approval request ${request.id}: stored arguments do not match their hash`);
  const steps = requestSteps(request);
  const approvals = await listApprovals(db, {
    actionType: action.type as ApprovableActionType,
    targetId: request.targetId,
  });
  const invoice = request.targetType === 'invoice' ? await getInvoice(db, request.targetId) : null;
  return ok({
    request,
    action,
    steps,
    coverage: coverage(steps, approvals, action, ctx.now, matrixOf(ctx).version),
    // A move's approvers need the entity the client leaves as well as the request's (the one it goes to).
    facts: {
      ...(await entityFacts(db, action, request.legalEntityId)),
      ...(invoice ? { preparerId: invoice.preparedBy } : {}),
    },
    initiatorIds: [request.requestedBy, request.requestedFor].filter((x): x is string => x !== null),
  });
}

/** The pending approval as policy sees it. */
export const pendingFacts = (s: RequestState): PolicyFacts => ({
  ...s.facts,
  pendingApproval: { initiatorIds: s.initiatorIds, steps: s.steps, previousApprovals: s.coverage.live },
});
