import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Approval } from '../../policy/approvals.ts';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import type { Action } from '../../policy/actions.ts';
import type { ApprovalStep } from '../../policy/decision.ts';
import { APPROVER_ROLES, type ApproverRole } from '../../policy/roles.ts';
import type { DbOrTx } from '../client.ts';
import { approvalRequests, approvals } from '../schema/index.ts';

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;

export interface OpenRequestInput {
  action: Action;
  argsHash: string;
  steps: readonly ApprovalStep[];
  matrixVersion: number;
  legalEntityId: string | null;
  requestedBy: string;
  requestedFor: string | null;
  now: Date;
}

/**
 * The pending request for exactly these arguments, opened if there is none (`created`). Opening one
 * supersedes the pending requests for the same action and target over other arguments: the
 * requester changed their mind, and approvers should see only the current ask.
 */
export async function openApprovalRequest(
  tx: DbOrTx,
  input: OpenRequestInput,
): Promise<{ request: ApprovalRequestRow; created: boolean }> {
  const { action } = input;
  const [inserted] = await tx
    .insert(approvalRequests)
    .values({
      actionType: action.type,
      targetType: action.target.kind,
      targetId: action.target.id,
      args: toJsonValue(action.args),
      argsHash: input.argsHash,
      steps: input.steps.map((s) => ({ ...s })),
      matrixVersion: input.matrixVersion,
      legalEntityId: input.legalEntityId,
      requestedBy: input.requestedBy,
      requestedFor: input.requestedFor,
      createdAt: input.now,
    })
    .onConflictDoNothing({
      target: [approvalRequests.actionType, approvalRequests.targetId, approvalRequests.argsHash],
      where: sql`status = 'pending'`,
    })
    .returning();
  if (inserted) {
    await tx
      .update(approvalRequests)
      .set({ status: 'superseded', decidedAt: input.now })
      .where(
        and(
          eq(approvalRequests.actionType, action.type),
          eq(approvalRequests.targetId, action.target.id),
          eq(approvalRequests.status, 'pending'),
          ne(approvalRequests.id, inserted.id),
        ),
      );
    return { request: inserted, created: true };
  }
  const [existing] = await tx
    .select()
    .from(approvalRequests)
    .where(and(requestKey(action.type, action.target.id, input.argsHash), eq(approvalRequests.status, 'pending')));
  if (!existing) throw new Error('approval_requests: conflict reported but no pending request found');
  // Opened under another approval matrix version, its levels may not be what policy asks now:
  // replace it (approvals already granted bind to the arguments, level and role, not to the request).
  if (existing.matrixVersion !== input.matrixVersion) {
    await tx
      .update(approvalRequests)
      .set({ status: 'superseded', decidedAt: input.now })
      .where(eq(approvalRequests.id, existing.id));
    return openApprovalRequest(tx, input);
  }
  return { request: existing, created: false };
}

const requestKey = (actionType: string, targetId: string, argsHash: string) =>
  and(
    eq(approvalRequests.actionType, actionType),
    eq(approvalRequests.targetId, targetId),
    eq(approvalRequests.argsHash, argsHash),
  );

/** The latest refused request for exactly these arguments, if any. */
export async function findRejectedRequest(
  db: DbOrTx,
  actionType: string,
  targetId: string,
  argsHash: string,
): Promise<ApprovalRequestRow | null> {
  const [row] = await db
    .select()
    .from(approvalRequests)
    .where(and(requestKey(actionType, targetId, argsHash), eq(approvalRequests.status, 'rejected')))
    .orderBy(sql`${approvalRequests.decidedAt} DESC NULLS LAST`)
    .limit(1);
  return row ?? null;
}

/** A request by id; with `lock`, FOR UPDATE. */
export async function getApprovalRequest(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ApprovalRequestRow | null> {
  const q = db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Marks the pending request for these arguments executed; returns its id (null when the action needed none). */
export async function markRequestExecuted(
  tx: DbOrTx,
  actionType: string,
  targetId: string,
  argsHash: string,
  now: Date,
): Promise<string | null> {
  const [row] = await tx
    .update(approvalRequests)
    .set({ status: 'executed', decidedAt: now })
    .where(and(requestKey(actionType, targetId, argsHash), eq(approvalRequests.status, 'pending')))
    .returning({ id: approvalRequests.id });
  return row?.id ?? null;
}

/** Records the refusal of a pending request. */
export async function markRequestRejected(
  tx: DbOrTx,
  id: string,
  by: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .update(approvalRequests)
    .set({ status: 'rejected', decidedBy: by, decidedAt: now, decisionReason: reason })
    .where(eq(approvalRequests.id, id));
}

/** Pending requests, oldest first, in the given legal entities (null = all; firm-wide requests only then). */
export async function listPendingRequests(
  db: DbOrTx,
  entityIds: readonly string[] | null,
): Promise<ApprovalRequestRow[]> {
  if (entityIds !== null && entityIds.length === 0) return [];
  return db
    .select()
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.status, 'pending'),
        entityIds === null ? undefined : inArray(approvalRequests.legalEntityId, [...entityIds]),
      ),
    )
    .orderBy(asc(approvalRequests.createdAt), asc(approvalRequests.id));
}

/** The steps a request stored, checked back into policy's type. */
export function requestSteps(row: ApprovalRequestRow): ApprovalStep[] {
  return row.steps.map((s) => {
    if (!(APPROVER_ROLES as readonly string[]).includes(s.role))
      throw new Error(`approval_requests ${row.id}: unknown role ${s.role}`);
    return { level: s.level, role: s.role as ApproverRole, reason: s.reason };
  });
}

/**
 * Renews an approval its approver grants again after it expired (the unique index keeps one row per
 * person and arguments): same level, new grant and expiry times. The audit trail keeps both grants.
 */
export async function renewApproval(
  tx: DbOrTx,
  approval: Approval,
  grantedAt: Date,
  expiresAt: Date,
): Promise<Approval> {
  await tx.update(approvals).set({ grantedAt, expiresAt }).where(eq(approvals.id, approval.id));
  return { ...approval, grantedAt, expiresAt };
}
