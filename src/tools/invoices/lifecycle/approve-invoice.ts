import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { transition, type InvalidTransition } from '../../../billing/invoices/lifecycle.ts';
import { issueDates } from '../../../billing/invoices/numbering.ts';
import { approvalExpiresAt, type Approval } from '../../../policy/approvals.ts';
import type { ApprovalStep } from '../../../policy/decision.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { DbOrTx } from '../../../db/client.ts';
import { invoices } from '../../../db/schema/index.ts';
import { recordApproval } from '../../../db/stores/approval-store.ts';
import { renewApproval } from '../../../db/stores/approval-request-store.ts';
import { appendAudit } from '../../../db/stores/audit-store.ts';
import type { FxRateMissing } from '../../../db/stores/invoice-facts.ts';
import {
  getInvoice,
  invoiceSnapshot,
  takeInvoiceNumber,
  type InvoiceRow,
} from '../../../db/stores/invoice-lifecycle-store.ts';
import {
  approvalRef,
  auditEntry,
  invoiceNotFound,
  matrixOf,
  readMatrixInForce,
  type ApprovalRequired,
  type ArgsChanged,
  type InvoiceNotFound,
  type PolicyRefusal,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../../policy-gate/context.ts';
import { writeInvoiceDecisionNotice } from '../../approvals/invoice-decision-notice.ts';
import {
  finalCheck,
  invoiceApprovalState,
  nextMove,
  type ApproverMove,
  type InvoiceApprovalState,
} from './invoice-approval-state.ts';

export const approveInvoiceSchema = z.object({
  invoiceId: z.uuid().describe('The invoice waiting for approval (status pending_approval)'),
  expectedRevision: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The revision the approver reviewed; refused with ARGS_CHANGED when the invoice is at another'),
});
export type ApproveInvoiceInput = z.infer<typeof approveInvoiceSchema>;

export type ApproveInvoiceError =
  | InvoiceNotFound
  | InvalidTransition
  | PolicyRefusal
  | ApprovalRequired
  | ArgsChanged
  | FxRateMissing;

export interface ApproveInvoiceResult {
  /** approved: the invoice is approved and numbered; level_approved: this approval was recorded, more levels are needed. */
  outcome: 'approved' | 'level_approved';
  invoiceId: string;
  status: 'approved' | 'pending_approval';
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  /** The level this call approved; null when no level was needed. */
  approvedLevel: number | null;
  /** Levels still needed, in order. */
  remainingSteps: ApprovalStep[];
}

/**
 * Approves a pending invoice as far as the actor may: grants the next level the matrix asks for
 * (approval.grant: role, order, segregation of duties), and when every level is covered moves it
 * pending_approval -> approved and gives it the next number of its legal entity's sequence, issue
 * date today and due date after the payment terms. One transaction, the invoice row locked: of
 * concurrent approvals exactly one approves; the others find it approved and are refused.
 */
export async function approveInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ApproveInvoiceInput,
): Promise<Result<ApproveInvoiceResult, ApproveInvoiceError>> {
  const pre = await decide(database.db, ctx, input, false);
  if (!pre.ok) return pre;

  return database.db.transaction(async (tx) => {
    const d = await decide(tx, ctx, input, true);
    if (!d.ok) return d;
    const { state, move } = d.value;
    const before = invoiceSnapshot(state.invoice);
    let granted: Approval | null = null;
    if (move.kind === 'grant') {
      const rec = await recordApproval(tx, {
        actionType: 'invoice.approve',
        targetType: 'invoice',
        targetId: state.invoice.id,
        argsHash: state.argsHash,
        level: move.step.level,
        role: move.step.role,
        approverId: ctx.actor.userId,
        matrixVersion: matrixOf(ctx).version,
        grantedAt: ctx.now,
        expiresAt: approvalExpiresAt(ctx.now, matrixOf(ctx)),
      });
      // The unique index saw what policy could not: this person approved another level meanwhile.
      if (!rec.ok)
        return err({
          code: 'SOD_VIOLATION',
          message: `the same person already approved level ${rec.error.approvedLevel}`,
          policyCode: rec.error.code,
        });
      granted =
        rec.value.expiresAt.getTime() <= ctx.now.getTime()
          ? await renewApproval(tx, rec.value, ctx.now, approvalExpiresAt(ctx.now, matrixOf(ctx)))
          : rec.value;
    }
    const final = move.kind === 'complete' || move.completes ? finalCheck(state, ctx.actor, granted, ctx) : null;
    if (final && !final.ok && !granted) return final;

    let after: InvoiceRow | null = null;
    if (final?.ok) {
      const number = await takeInvoiceNumber(tx, state.invoice.legalEntityId);
      const dates = issueDates(ctx.now, state.invoice.paymentTermsDays);
      const [row] = await tx
        .update(invoices)
        .set({
          status: 'approved',
          number,
          ...dates,
          approvedBy: ctx.actor.userId,
          approvedAt: ctx.now,
          statusChangedAt: ctx.now,
          updatedAt: ctx.now,
        })
        .where(and(eq(invoices.id, state.invoice.id), eq(invoices.status, 'pending_approval')))
        .returning();
      after = row ?? null;
      if (!after) throw new Error(`invoice ${state.invoice.id} left pending_approval under its row lock`);
    }
    if (granted && move.kind === 'grant') {
      await appendAudit(
        tx,
        auditEntry(ctx, {
          action: 'approval.grant',
          targetType: 'invoice',
          targetId: state.invoice.id,
          before: null,
          after: {
            approvalId: granted.id,
            actionType: 'invoice.approve',
            argsHash: state.argsHash,
            level: granted.level,
            role: granted.role,
            revision: state.invoice.revision,
          },
          decision: move.decision,
          reason: move.step.reason,
          approvalRef: granted.id,
        }),
      );
    }
    if (after && final?.ok) {
      await appendAudit(
        tx,
        auditEntry(ctx, {
          action: 'invoice.approve',
          targetType: 'invoice',
          targetId: state.invoice.id,
          before,
          after: invoiceSnapshot(after),
          decision: final.value.decision,
          approvalRef: approvalRef(final.value.approvals),
        }),
      );
      // The submitter's notice is part of the decision (whoever approves where, server running or not).
      await writeInvoiceDecisionNotice(
        tx,
        state.invoice,
        { event: 'granted', decidedBy: ctx.actor.userId, after },
        ctx.now,
      );
    }
    return ok(result(state, granted, after));
  });
}

async function decide(
  db: DbOrTx,
  ctx: UseCaseContext,
  input: ApproveInvoiceInput,
  lock: boolean,
): Promise<Result<{ state: InvoiceApprovalState; move: ApproverMove }, ApproveInvoiceError>> {
  // Before deciding, and again in the transaction (lock): the matrix in force, as committed now.
  await readMatrixInForce(db, ctx);
  const invoice = await getInvoice(db, input.invoiceId, { lock });
  if (!invoice) return err(invoiceNotFound(input.invoiceId));
  const t = transition(invoice.status, 'approve', invoice.kind);
  if (!t.ok) return t;
  if (input.expectedRevision !== undefined && input.expectedRevision !== invoice.revision) {
    return err({
      code: 'ARGS_CHANGED',
      message: `the invoice is at revision ${invoice.revision}, not ${input.expectedRevision}`,
      steps: [],
      missing: [],
      requestId: null,
    });
  }
  const state = await invoiceApprovalState(db, ctx, invoice);
  if (!state.ok) return state;
  const move = nextMove(state.value, ctx.actor, ctx);
  if (!move.ok) return move;
  if (move.value.kind === 'complete') {
    const final = finalCheck(state.value, ctx.actor, null, ctx);
    if (!final.ok) return final;
  }
  return ok({ state: state.value, move: move.value });
}

function result(state: InvoiceApprovalState, granted: Approval | null, after: InvoiceRow | null): ApproveInvoiceResult {
  const covered = new Set([...state.coverage.live.map((a) => a.level), ...(granted ? [granted.level] : [])]);
  return {
    outcome: after ? 'approved' : 'level_approved',
    invoiceId: state.invoice.id,
    status: after ? 'approved' : 'pending_approval',
    number: after?.number ?? null,
    issueDate: after?.issueDate ?? null,
    dueDate: after?.dueDate ?? null,
    approvedLevel: granted?.level ?? null,
    remainingSteps: after ? [] : state.steps.filter((s) => !covered.has(s.level)),
  };
}
