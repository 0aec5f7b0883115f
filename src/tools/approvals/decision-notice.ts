import { insertApprovalNotice, markNoticeToldInChat } from '../../db/stores/approval-notice-store.ts';
import { getApprovalRequest } from '../../db/stores/approval-request-store.ts';
import type { PendingCallRow } from '../../db/stores/agent-store.ts';
import { pausedCallFor } from '../agent/pending-calls.ts';
import { displayNameOf, type ApprovalNoticeFacts } from '../chat/chat-notices.ts';
import type { ToolDeps } from '../define-tool.ts';

/**
 * The requester's durable notice of a decision (approval_notices), written by the chat relay once it
 * has resumed their paused conversation, so the words say what the call then did. What the relay and
 * the person's own readers (approval_notices_list, the terminal chat) share; nobody else writes it.
 */

type Resumed = { state: string; tool: string; code?: string };

/** What became of the paused call, once it was looked at again; null while it still waits or when none did. */
function resumedOf(p: PendingCallRow | null): Resumed | null {
  if (!p || p.status === 'waiting') return null;
  const code = (p.outcome as { code?: unknown } | null)?.code;
  return {
    state: p.status === 'done' ? 'ran' : p.status,
    tool: p.tool,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** The words for a paused call when the copilot's own answer is not at hand (a retried relay). */
function resumedWords(p: PendingCallRow | null, r: Resumed | null, granted: boolean): string {
  if (!p) return granted ? 'Run the same call again, with the same arguments: it runs once.' : '';
  if (!r) return `Your copilot conversation ${p.threadId} runs ${p.tool} at its next message.`;
  if (r.state === 'ran') return `I ran ${p.tool} as approved, once.`;
  if (r.state === 'rejected') return `${p.tool} was not run.`;
  return `${p.tool} did not run${r.code ? ` (${r.code})` : ''}.`;
}

/**
 * Records the notice of a decided request for its requester, once (a retried relay finds it and writes
 * nothing): granted, rejected (by whom, why), or expired (granted, but the approval expired before the
 * paused call used it). `reply` is what the copilot said when it resumed their conversation, if it did.
 */
export async function recordDecisionNotice(
  deps: ToolDeps,
  facts: ApprovalNoticeFacts,
  reply: string | null,
): Promise<void> {
  if (facts.status === 'open') return;
  const request = await getApprovalRequest(deps.database.db, facts.requestId);
  if (!request) return;
  const paused = await pausedCallFor(deps, facts.requestId, facts.requesterUserId);
  const resumed = resumedOf(paused);
  const event = facts.status === 'rejected' ? 'rejected' : resumed?.code === 'APPROVAL_EXPIRED' ? 'expired' : 'granted';
  const what = `${request.actionType} on ${request.targetType} ${request.targetId}`;
  const by = facts.decidedByUserId ? ` by ${await displayNameOf(deps, facts.decidedByUserId)}` : '';
  const head =
    event === 'rejected'
      ? `Your approval request ${request.id} (${what}) was rejected${by}${facts.reason ? `: ${facts.reason}` : ''}.`
      : event === 'expired'
        ? `Your approval request ${request.id} (${what}) was granted, but the approval expired before it was used.`
        : `Your approval request ${request.id} (${what}) was granted.`;
  const tail = reply?.trim() || resumedWords(paused, resumed, event === 'granted');
  await insertApprovalNotice(deps.database.db, {
    userId: facts.requesterUserId,
    requestId: request.id,
    event,
    text: tail ? `${head} ${tail}` : head,
    resumed,
    threadId: paused?.threadId ?? null,
    createdAt: deps.now(),
  });
}

/** Marks the requester's notice read where a chat tool told them of the decision (they need not read it twice). */
export const markToldInChat = (deps: ToolDeps, requestId: string, userId: string, provider: string): Promise<void> =>
  markNoticeToldInChat(deps.database.db, requestId, userId, provider, deps.now());
