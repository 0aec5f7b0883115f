import { z } from 'zod';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import type { AuditEntry } from '../../billing/audit/audit-row.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { someoneWithRoleCanAct } from '../../db/stores/user-store.ts';
import type { Action } from '../../policy/actions.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { ADMIN_ROLE } from '../../policy/permissions.ts';
import { isOperator } from '../../policy/service-identities.ts';
import type { Result } from '../../shared/result.ts';
import type { ToolContext } from '../define-tool.ts';
import { passGate, type GateError, type GatePassed } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';

/** An email naming a user (compared case-insensitively). */
export const userEmailSchema = z.string().email().max(254).describe('The sign-in email of the user');

/**
 * The facts of a firm-wide access or master-data action: no legal entity; for the console
 * operator, whether an administrator can act (then the operator is refused); for keys and links,
 * whose they are (nobody mints access for themselves).
 */
export async function accessFacts(ctx: ToolContext, targetUserId?: string): Promise<PolicyFacts> {
  return {
    entityId: null,
    ...(isOperator(ctx.actor) ? { administratorCanAct: await someoneWithRoleCanAct(ctx.db, ADMIN_ROLE) } : {}),
    ...(targetUserId === undefined ? {} : { targetUserId }),
  };
}

/** passGate for an access action, with its facts. */
export async function passAccessGate(
  ctx: ToolContext,
  action: Action,
  targetUserId?: string,
): Promise<Result<GatePassed, GateError>> {
  return passGate(ctx.db, ctx, action, await accessFacts(ctx, targetUserId));
}

/** The one audit row of an access action, with the decision it ran under. */
export async function auditAccess(
  ctx: ToolContext,
  gate: GatePassed,
  e: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'before' | 'after'>,
): Promise<void> {
  await appendAudit(
    ctx.db,
    auditEntry(ctx, { ...e, decision: toJsonValue(gate.decision), approvalRef: approvalRef(gate.approvals) }),
  );
}
