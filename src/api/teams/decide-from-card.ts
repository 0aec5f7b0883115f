import { callTool } from '../../tools/call-tool.ts';
import { approvalsGrant } from '../../tools/approvals/grant-approval.ts';
import { approvalsReject } from '../../tools/approvals/reject-approval.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { actorOf, type Identity } from '../../policy/identity.ts';
import { REASON_REQUIRED_WORDS, type CardDecision } from './approval-card.ts';

/** What a click decided, in words for the one who clicked, and whether the request changed. */
export interface CardOutcome {
  words: string;
  /** granted (a level was approved), rejected, or unchanged (refused, nothing to do, invalid). */
  effect: 'granted' | 'rejected' | 'unchanged';
  /** Reject without a reason: the card is shown again, with the words, so the approver can write one. */
  needsReason?: boolean;
}

/**
 * Decides an approval request from a card click, as the Teams user's linked product user: through
 * the approvals_grant / approvals_reject catalogue entries, so policy decides exactly as for the
 * API (the level's role, never the requester, one level per person) and the audit trail records it.
 * The activity id is the call's idempotency key: a retried click replays the first answer.
 */
export async function decideFromCard(
  deps: ToolDeps,
  person: Identity,
  d: CardDecision,
  activityId: string,
): Promise<CardOutcome> {
  const caller = { actor: actorOf(person, null), correlationId: `teams:${activityId}`, now: deps.now(), deps };
  const key = `teams:${activityId}`.slice(0, 255);
  if (d.decision === 'reject') {
    if (!d.reason) return { words: REASON_REQUIRED_WORDS, effect: 'unchanged', needsReason: true };
    const r = await callTool(
      caller,
      approvalsReject,
      { requestId: d.requestId, reason: d.reason },
      { idempotencyKey: key },
    );
    if (!r.ok) return { words: `Not rejected: ${r.error.message}.`, effect: 'unchanged' };
    return { words: `Rejected (level ${r.value.rejectedLevel}) by ${person.name}: ${d.reason}`, effect: 'rejected' };
  }
  const r = await callTool(caller, approvalsGrant, { requestId: d.requestId }, { idempotencyKey: key });
  if (!r.ok) return { words: `Not approved: ${r.error.message}.`, effect: 'unchanged' };
  const v = r.value;
  if (v.approvedLevel === null)
    return { words: 'Nothing to approve: every level was already approved.', effect: 'unchanged' };
  const rest = v.remainingSteps.map((s) => `level ${s.level} (${s.role})`).join(', ');
  return {
    words: v.ready
      ? `Approved (level ${v.approvedLevel}) by ${person.name}. Every level is approved: the requester's action can run now.`
      : `Approved level ${v.approvedLevel} by ${person.name}. Still needed: ${rest}.`,
    effect: 'granted',
  };
}
