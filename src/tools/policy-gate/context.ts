import type { AuditEntry } from '../../billing/audit/audit-row.ts';
import type { ApprovalMatrix } from '../../policy/approval-matrix.ts';
import { approvalMatrixV1 } from '../../policy/approval-matrix.ts';
import type { Approval, ApprovalShortfall } from '../../policy/approvals.ts';
import type { ApprovalStep, DenyCode, PolicyDecision } from '../../policy/decision.ts';
import type { Actor } from '../../policy/roles.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { currentMatrix } from '../../db/stores/approval-matrix-store.ts';

/**
 * Who acts, under which correlation id, at what time. The actor comes from the authenticated
 * context (an API key, the agent's session), never from input a person or model filled in.
 */
export interface UseCaseContext {
  actor: Actor;
  correlationId: string;
  now: Date;
  /**
   * A fixed approval matrix, for tests of policy under other rules. Unset (everywhere else), use
   * cases decide under the version stored in the database, read by readMatrixInForce.
   */
  matrix?: ApprovalMatrix;
  /**
   * The stored version this use case last read (set by readMatrixInForce, not by callers): every
   * later decision and approval of the same call uses it, so one call never mixes two versions.
   */
  matrixInForce?: ApprovalMatrix;
}

/**
 * What a use case needs of the database: a drizzle handle, or the transaction a catalogue call
 * opened (src/tools/call-tool.ts); a use case's own `db.transaction` is then a savepoint in it.
 */
export interface UseCaseDatabase {
  db: DbOrTx;
}

/**
 * The approval matrix a use case decides under: a fixed one, else the version read last by
 * readMatrixInForce, else the bundled version 1 (a path that has not read the store yet).
 */
export const matrixOf = (ctx: UseCaseContext): ApprovalMatrix => ctx.matrix ?? ctx.matrixInForce ?? approvalMatrixV1;

/**
 * Reads the approval matrix in force (one small indexed read, the JSON parsed once per version and
 * process) and keeps it on ctx for the rest of the call. Use cases call it before they decide, and
 * again inside the writing transaction, so the check right before the write sees a change
 * committed a moment earlier by any process. A fixed ctx.matrix is returned as it is.
 */
export async function readMatrixInForce(db: DbOrTx, ctx: UseCaseContext): Promise<ApprovalMatrix> {
  if (ctx.matrix) return ctx.matrix;
  const { matrix } = await currentMatrix(db);
  ctx.matrixInForce = matrix;
  return matrix;
}

/** Policy refused the actor outright: role, entity scope, identity (FORBIDDEN) or segregation of duties. */
export type PolicyRefusal =
  | { code: 'FORBIDDEN'; message: string; policyCode: DenyCode }
  | { code: 'SOD_VIOLATION'; message: string; policyCode: DenyCode };

/** The action needs approvals it does not have (yet): which levels, by whom, why. */
export interface ApprovalRequired {
  code: 'APPROVAL_REQUIRED';
  message: string;
  steps: ApprovalStep[];
  missing: ApprovalShortfall[];
  /** The pending request approvers see in their inbox; null for invoice approval (the invoice is the request). */
  requestId: string | null;
}

/** Approvals exist, but for other arguments (or the target changed since the caller looked). */
export interface ArgsChanged {
  code: 'ARGS_CHANGED';
  message: string;
  steps: ApprovalStep[];
  missing: ApprovalShortfall[];
  requestId: string | null;
}

export interface InvoiceNotFound {
  code: 'INVOICE_NOT_FOUND';
  message: string;
  invoiceId: string;
}

/** The error for an invoice id that names no invoice. */
export const invoiceNotFound = (invoiceId: string): InvoiceNotFound => ({
  code: 'INVOICE_NOT_FOUND',
  message: `no invoice ${invoiceId}`,
  invoiceId,
});

// Refusing to let the agent decide is segregation of duties too: it may ask, a person decides.
const SOD_CODES: ReadonlySet<DenyCode> = new Set<DenyCode>([
  'SOD_PREPARER_CANNOT_APPROVE',
  'SOD_INITIATOR_CANNOT_APPROVE',
  'SOD_ONE_LEVEL_PER_APPROVER',
  'SOD_APPROVER_CANNOT_EXECUTE',
  'SOD_OWN_TIME_ENTRIES',
  'SOD_OWN_EXPENSES',
  'SOD_OWN_ACCESS',
  'AGENT_CANNOT_DECIDE',
]);

/** The use-case error for a policy denial. */
export function refusal(decision: Extract<PolicyDecision, { outcome: 'deny' }>): PolicyRefusal {
  return SOD_CODES.has(decision.code)
    ? { code: 'SOD_VIOLATION', message: decision.reason, policyCode: decision.code }
    : { code: 'FORBIDDEN', message: decision.reason, policyCode: decision.code };
}

/** The actor and, for the agent, the person it acts for: the initiators of what the actor asks. */
export const initiatorsOf = (actor: Actor): string[] =>
  actor.onBehalfOf ? [actor.userId, actor.onBehalfOf.userId] : [actor.userId];

/** An audit entry for what the actor did now, in this correlation. */
export function auditEntry(
  ctx: UseCaseContext,
  e: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'before' | 'after' | 'decision'> &
    Partial<Pick<AuditEntry, 'reason' | 'approvalRef'>>,
): AuditEntry {
  return {
    at: ctx.now,
    actorId: ctx.actor.userId,
    onBehalfOf: ctx.actor.onBehalfOf?.userId ?? null,
    correlationId: ctx.correlationId,
    reason: e.reason ?? null,
    approvalRef: e.approvalRef ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
    decision: e.decision,
  };
}

/** The approvals an action ran under, as the audit trail's approval reference. */
export const approvalRef = (approvals: readonly Approval[]): string | null =>
  approvals.length ? approvals.map((a) => a.id).join(',') : null;

export { moneyView, type MoneyView } from '../../shared/money.ts';
