import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { pendingCallOf, type PendingCallRow } from '../../db/stores/agent-store.ts';
import {
  insertApprovalNotice,
  markNoticeToldInChat,
  noticeOfRequest,
  reviseNotice,
} from '../../db/stores/approval-notice-store.ts';
import { getApprovalRequest, type ApprovalRequestRow } from '../../db/stores/approval-request-store.ts';
import type { ApprovalNoticeFacts } from '../chat/chat-notices.ts';
import type { ToolDeps } from '../define-tool.ts';

/**
 * The requester's durable notice of a decision (approval_notices). Written by the decision itself, in
 * its transaction (approvals_grant when every level is covered, approvals_reject; invoices_approve and
 * invoices_reject in invoice-decision-notice.ts), so a decision and its notice are never apart, from the
 * API, the CLI with no server running, Slack or Teams alike. The chat relay, once it has resumed the
 * requester's paused conversation, puts what the call then did into the words (reviseDecisionNotice).
 * People only: a service identity or the agent asks for nothing it reads.
 */

type Resumed = { state: string; tool: string; code?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person's name and e-mail for words ("rejected by Dana (dana@…)"), or null for anyone who is not a person. */
export async function personNamed(db: DbOrTx, userId: string): Promise<string | null> {
  if (!UUID.test(userId)) return null;
  const [u] = await db
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.kind, 'person')));
  return u ? `${u.name} (${u.email})` : null;
}

/** The person behind a request: the one the agent asked for, else the one who asked. */
const requesterOf = (r: ApprovalRequestRow): string => r.requestedFor ?? r.requestedBy;

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

/** The words for the paused call (or its absence) when the copilot's own answer is not at hand. */
function resumedWords(p: PendingCallRow | null, r: Resumed | null, granted: boolean): string {
  if (!p) return granted ? 'Run the same call again, with the same arguments: it runs once.' : '';
  if (!r)
    return granted
      ? `Your copilot conversation ${p.threadId} runs ${p.tool} at its next message.`
      : `${p.tool} will not run; your copilot conversation ${p.threadId} says so at its next message.`;
  if (r.state === 'ran') return `I ran ${p.tool} as approved, once.`;
  if (r.state === 'rejected') return `${p.tool} was not run.`;
  return `${p.tool} did not run${r.code ? ` (${r.code})` : ''}.`;
}

interface Decided {
  event: 'granted' | 'rejected';
  decidedBy: string | null;
  reason: string | null;
}

/** The notice of a request for its requester as it stands: the decision, and the paused call if one waited. */
async function noticeOf(db: DbOrTx, request: ApprovalRequestRow, d: Decided, reply: string | null) {
  const requester = requesterOf(request);
  const paused = await pendingCallOf(db, request.id, requester);
  const resumed = resumedOf(paused);
  const event = d.event === 'rejected' ? 'rejected' : resumed?.code === 'APPROVAL_EXPIRED' ? 'expired' : 'granted';
  const what = `${request.actionType} on ${request.targetType} ${request.targetId}`;
  const name = d.decidedBy ? await personNamed(db, d.decidedBy) : null;
  const by = name ? ` by ${name}` : '';
  const head =
    event === 'rejected'
      ? `Your approval request ${request.id} (${what}) was rejected${by}${d.reason ? `: ${d.reason}` : ''}.`
      : event === 'expired'
        ? `Your approval request ${request.id} (${what}) was granted, but the approval expired before it was used.`
        : `Your approval request ${request.id} (${what}) was granted.`;
  const tail = reply?.trim() || resumedWords(paused, resumed, event === 'granted');
  return {
    userId: requester,
    event,
    text: tail ? `${head} ${tail}` : head,
    resumed,
    threadId: paused?.threadId ?? null,
  } as const;
}

/**
 * Writes the requester's notice of a decided request, in the deciding transaction: granted (every level
 * covered) or rejected (by whom, why). Once per request and person (a replay writes nothing); nothing
 * for a requester who is not a person. True when a notice was written.
 */
export async function writeRequestDecisionNotice(
  tx: DbOrTx,
  request: ApprovalRequestRow,
  d: Decided,
  now: Date,
): Promise<boolean> {
  if ((await personNamed(tx, requesterOf(request))) === null) return false;
  const n = await noticeOf(tx, request, d, null);
  return insertApprovalNotice(tx, {
    ...n,
    requestId: request.id,
    actionType: request.actionType,
    targetType: request.targetType,
    targetId: request.targetId,
    createdAt: now,
  });
}

/**
 * The chat relay's part, once it resumed the requester's paused conversation: the notice's words say
 * what the call then did (`reply`: what the copilot said, if it did), or that the approval expired.
 * A notice the decision did not write (a requester who is not a person) stays unwritten; one decided
 * before notices were part of the decision (an outbox row from an older release) is written now.
 */
export async function reviseDecisionNotice(
  deps: ToolDeps,
  facts: ApprovalNoticeFacts,
  reply: string | null,
): Promise<void> {
  if (facts.status === 'open') return;
  const db = deps.database.db;
  const request = await getApprovalRequest(db, facts.requestId);
  if (!request) return;
  const d: Decided = {
    event: facts.status === 'rejected' ? 'rejected' : 'granted',
    decidedBy: facts.decidedByUserId ?? null,
    reason: facts.reason ?? null,
  };
  const existing = await noticeOfRequest(db, request.id, requesterOf(request));
  if (!existing) {
    await writeRequestDecisionNotice(db, request, d, deps.now());
    return;
  }
  const n = await noticeOf(db, request, d, reply);
  const same = (a: Resumed | null, b: Resumed | null) =>
    a?.state === b?.state && a?.tool === b?.tool && a?.code === b?.code;
  if (n.event === existing.event && same(n.resumed, existing.resumed ?? null)) {
    // A relay taken up again resumes nothing (reply null): the words of the copilot's answer, once kept, stay.
    if (n.text === existing.text || (reply === null && n.resumed !== null)) return;
  }
  await reviseNotice(db, existing.id, { event: n.event, text: n.text, resumed: n.resumed, threadId: n.threadId });
}

/** Marks the requester's notice read where a chat tool told them of the decision (they need not read it twice). */
export const markToldInChat = (deps: ToolDeps, requestId: string, userId: string, provider: string): Promise<void> =>
  markNoticeToldInChat(deps.database.db, requestId, userId, provider, deps.now());
