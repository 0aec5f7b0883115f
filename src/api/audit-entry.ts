import type { Context } from 'hono';
import type { AuditEntry } from '../billing/audit/audit-row.ts';
import type { AuthEnv } from './auth/context.ts';

/** An audit entry for what this request did, with the actor (and principal) from the authenticated context. */
export function auditEntry(
  c: Context<AuthEnv>,
  e: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'before' | 'after'> &
    Partial<Pick<AuditEntry, 'decision' | 'reason' | 'approvalRef'>>,
  now: Date = new Date(),
): AuditEntry {
  const auth = c.get('auth');
  return {
    at: now,
    actorId: auth.user.id,
    onBehalfOf: auth.onBehalfOf?.id ?? null,
    correlationId: c.get('requestId'),
    decision: e.decision ?? null,
    reason: e.reason ?? null,
    approvalRef: e.approvalRef ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
  };
}
