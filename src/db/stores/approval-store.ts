import { and, asc, eq, sql } from 'drizzle-orm';
import { ACTION_TYPES, type ActionType, type ApprovableActionType, type TargetKind } from '../../policy/actions.ts';
import type { Approval } from '../../policy/approvals.ts';
import { APPROVER_ROLES, type ApproverRole } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../client.ts';
import { approvalRequests, approvals } from '../schema/approvals.ts';

/** One granted level, as the use case that ran evaluate(approval.grant) records it. */
export interface RecordApprovalInput {
  actionType: ApprovableActionType;
  targetType: TargetKind;
  targetId: string;
  argsHash: string;
  level: number;
  role: ApproverRole;
  approverId: string;
  matrixVersion: number;
  grantedAt: Date;
  expiresAt: Date;
}

/** The approver already approved another level of the same action (a race policy could not see). */
export interface ApproverReused {
  code: 'SOD_ONE_LEVEL_PER_APPROVER';
  approvedLevel: number;
}

/**
 * Stores a granted level. Granting the same level twice returns the first grant unchanged; a second
 * level by the same person over the same arguments is refused by the unique index, even under a race.
 */
export async function recordApproval(
  db: DbOrTx,
  input: RecordApprovalInput,
): Promise<Result<Approval, ApproverReused>> {
  const [inserted] = await db
    .insert(approvals)
    .values(input)
    .onConflictDoNothing({
      target: [approvals.actionType, approvals.targetId, approvals.argsHash, approvals.approverId],
    })
    .returning();
  if (inserted) return ok(toApproval(inserted));
  const [existing] = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.actionType, input.actionType),
        eq(approvals.targetId, input.targetId),
        eq(approvals.argsHash, input.argsHash),
        eq(approvals.approverId, input.approverId),
      ),
    );
  if (!existing) throw new Error('approvals: conflict reported but no row found');
  if (existing.level !== input.level) return err({ code: 'SOD_ONE_LEVEL_PER_APPROVER', approvedLevel: existing.level });
  return ok(toApproval(existing));
}

/**
 * Every approval of an action on a target, over any arguments, oldest first: checkApprovals needs
 * the ones over other arguments to tell "arguments changed" from "missing".
 */
/**
 * The approvals of an action on a target. With `usableFor` (an args hash), approvals of exactly
 * those arguments that an earlier execution already used are left out: an approval authorises one run.
 */
export async function listApprovals(
  db: DbOrTx,
  q: { actionType: ApprovableActionType; targetId: string; usableFor?: string },
): Promise<Approval[]> {
  const lastRun =
    q.usableFor === undefined
      ? undefined
      : sql`(SELECT max(${approvalRequests.decidedAt}) FROM ${approvalRequests}
    WHERE ${approvalRequests.actionType} = ${q.actionType} AND ${approvalRequests.targetId} = ${q.targetId}
      AND ${approvalRequests.argsHash} = ${q.usableFor} AND ${approvalRequests.status} = 'executed')`;
  const rows = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.actionType, q.actionType),
        eq(approvals.targetId, q.targetId),
        lastRun &&
          sql`NOT (${approvals.argsHash} = ${q.usableFor} AND ${approvals.grantedAt} <= coalesce(${lastRun}, '-infinity'::timestamptz))`,
      ),
    )
    .orderBy(asc(approvals.grantedAt), asc(approvals.level));
  return rows.map(toApproval);
}

function toApproval(r: typeof approvals.$inferSelect): Approval {
  return {
    id: r.id,
    actionType: asActionType(r.actionType),
    targetId: r.targetId,
    argsHash: r.argsHash,
    level: r.level,
    role: asApproverRole(r.role),
    approverId: r.approverId,
    grantedAt: r.grantedAt,
    expiresAt: r.expiresAt,
  };
}

function asActionType(s: string): ActionType {
  if (!(ACTION_TYPES as readonly string[]).includes(s)) throw new Error(`approvals: unknown action type ${s}`);
  return s as ActionType;
}

function asApproverRole(s: string): ApproverRole {
  if (!(APPROVER_ROLES as readonly string[]).includes(s)) throw new Error(`approvals: unknown approver role ${s}`);
  return s as ApproverRole;
}
