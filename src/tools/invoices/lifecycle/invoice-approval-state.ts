import type { ActionOf } from '../../../policy/actions.ts';
import { checkApprovals, type Approval } from '../../../policy/approvals.ts';
import type { ApprovalStep, PolicyDecision } from '../../../policy/decision.ts';
import { evaluate } from '../../../policy/evaluate.ts';
import type { PolicyFacts } from '../../../policy/facts.ts';
import { hashArguments } from '../../../policy/hash-arguments.ts';
import type { Actor } from '../../../policy/roles.ts';
import { money } from '../../../shared/money.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { DbOrTx } from '../../../db/client.ts';
import { listApprovals } from '../../../db/stores/approval-store.ts';
import { invoiceApprovalFacts, type FxRateMissing } from '../../../db/stores/invoice-facts.ts';
import type { InvoiceRow } from '../../../db/stores/invoice-lifecycle-store.ts';
import { approvalPlan, coverage, describeMissing, type Coverage } from '../../policy-gate/approval-plan.ts';
import {
  matrixOf,
  refusal,
  type ApprovalRequired,
  type ArgsChanged,
  type PolicyRefusal,
  type UseCaseContext,
} from '../../policy-gate/context.ts';

/** Everything about a pending invoice's approval, read fresh. */
export interface InvoiceApprovalState {
  invoice: InvoiceRow;
  action: ActionOf<'invoice.approve'>;
  argsHash: string;
  facts: PolicyFacts;
  /** The levels the matrix asks for (empty: whoever may approve invoices approves it alone). */
  steps: ApprovalStep[];
  approvals: Approval[];
  coverage: Coverage;
  /** Who submitted it (and for whom): they may not approve it. */
  initiatorIds: string[];
}

/** Reads the approval state of a pending invoice. */
export async function invoiceApprovalState(
  db: DbOrTx,
  ctx: UseCaseContext,
  invoice: InvoiceRow,
): Promise<Result<InvoiceApprovalState, FxRateMissing | PolicyRefusal>> {
  const facts = await invoiceApprovalFacts(db, invoice);
  if (!facts.ok) return facts;
  const action: ActionOf<'invoice.approve'> = {
    type: 'invoice.approve',
    target: { kind: 'invoice', id: invoice.id },
    args: { revision: invoice.revision, total: money(invoice.totalMinor, invoice.currency) },
  };
  const matrix = matrixOf(ctx);
  const steps = approvalPlan(action, facts.value, matrix);
  if (!steps.ok) return steps;
  const approvals = await listApprovals(db, { actionType: 'invoice.approve', targetId: invoice.id });
  return ok({
    invoice,
    action,
    argsHash: hashArguments(action),
    facts: facts.value,
    steps: steps.value,
    approvals,
    coverage: coverage(steps.value, approvals, action, ctx.now, matrix.version),
    initiatorIds: [invoice.submittedBy, invoice.submittedFor].filter((x): x is string => x !== null),
  });
}

/** What an approver can do next: grant the lowest missing level, or (nothing missing) complete the approval. */
export type ApproverMove =
  | {
      kind: 'grant';
      step: ApprovalStep;
      grant: ActionOf<'approval.grant'>;
      decision: PolicyDecision;
      completes: boolean;
    }
  | { kind: 'complete' };

/**
 * The actor's next move on a pending invoice, decided by policy: approval.grant for the next level
 * (role, order, segregation of duties), or completion when every level is covered. A level the actor
 * cannot grant is APPROVAL_REQUIRED, naming who must approve and why.
 */
export function nextMove(
  state: InvoiceApprovalState,
  actor: Actor,
  ctx: UseCaseContext,
): Result<ApproverMove, PolicyRefusal | ApprovalRequired | ArgsChanged> {
  const { missing } = state.coverage;
  const first = missing[0];
  if (!first) return ok({ kind: 'complete' });
  const step = state.steps.find((s) => s.level === first.level)!;
  const grant: ActionOf<'approval.grant'> = {
    type: 'approval.grant',
    target: state.action.target,
    args: { actionType: 'invoice.approve', argsHash: state.argsHash, level: step.level, role: step.role },
  };
  const decision = evaluate(
    grant,
    actor,
    {
      entityId: state.invoice.legalEntityId,
      preparerId: state.invoice.preparedBy,
      pendingApproval: { initiatorIds: state.initiatorIds, steps: state.steps, previousApprovals: state.coverage.live },
    },
    matrixOf(ctx),
  );
  if (decision.outcome === 'deny') {
    if (decision.code === 'APPROVER_LACKS_ROLE' || decision.code === 'APPROVAL_OUT_OF_ORDER') {
      const changed = missing.some((m) => m.problem === 'args_changed');
      const message = `${changed ? 'the invoice changed since it was approved; it' : 'the invoice'} needs ${describeMissing(state.steps, missing)}`;
      return err({
        code: changed ? 'ARGS_CHANGED' : 'APPROVAL_REQUIRED',
        message,
        steps: state.steps,
        missing,
        requestId: null,
      });
    }
    return err(refusal(decision));
  }
  return ok({ kind: 'grant', step, grant, decision, completes: missing.length === 1 });
}

/**
 * The check right before pending_approval -> approved: evaluate(invoice.approve) for the actor with
 * fresh facts, then checkApprovals over the stored approvals plus the one just granted. An actor
 * who granted nothing now must not be an initiator (evaluate knows only the preparer).
 */
export function finalCheck(
  state: InvoiceApprovalState,
  actor: Actor,
  granted: Approval | null,
  ctx: UseCaseContext,
): Result<{ decision: PolicyDecision; approvals: Approval[] }, PolicyRefusal | ApprovalRequired | ArgsChanged> {
  if (!granted && state.initiatorIds.includes(actor.userId)) {
    return err({
      code: 'SOD_VIOLATION',
      message: 'the person who submitted an invoice cannot approve it',
      policyCode: 'SOD_INITIATOR_CANNOT_APPROVE',
    });
  }
  const decision = evaluate(state.action, actor, state.facts, matrixOf(ctx));
  const check = checkApprovals(
    decision,
    granted ? [...state.approvals, granted] : state.approvals,
    state.action,
    ctx.now,
  );
  if (check.ok) return ok({ decision, approvals: check.value.approvals });
  if (check.error.code === 'ACTION_DENIED') return err(refusal(check.error.decision));
  const missing = check.error.shortfalls;
  const details = { steps: state.steps, missing, requestId: null };
  return check.error.code === 'APPROVAL_ARGS_CHANGED'
    ? err({
        code: 'ARGS_CHANGED',
        message: `the invoice changed since it was approved; needs ${describeMissing(state.steps, missing)}`,
        ...details,
      })
    : err({
        code: 'APPROVAL_REQUIRED',
        message: `the invoice needs ${describeMissing(state.steps, missing)}`,
        ...details,
      });
}
