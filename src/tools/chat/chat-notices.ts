import { and, eq } from 'drizzle-orm';
import type { ActionOf, ApprovableActionType } from '../../policy/actions.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { movingInvoicesText, type MovingInvoice } from '../../policy/moving-invoices.ts';
import { toIdentity } from '../../policy/identity.ts';
import type { Actor, Principal } from '../../policy/roles.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { users } from '../../db/schema/index.ts';
import { getApprovalRequest, type ApprovalRequestRow } from '../../db/stores/approval-request-store.ts';
import {
  chatLinksOf,
  chatMessagesOf,
  claimChatNotices,
  queueChannelPost,
  saveChatMessage,
  settleChatNotice,
  type ChatMessageRow,
  type ChatNoticeRow,
  type NoticeOutcome,
} from '../../db/stores/chat-notice-store.ts';
import type { UnreachedRecipient } from '../../db/schema/index.ts';
import { pendingFacts, requestState } from '../policy-gate/approval-request-state.ts';
import { matrixOf, readMatrixInForce, type UseCaseContext } from '../policy-gate/context.ts';
import type { ToolDeps } from '../define-tool.ts';
import { personalTeamsConversation } from '../teams/teams-chat.ts';

/**
 * What the chat relay (src/api/chat) reads and writes, exposed here so the adapters never touch a
 * store: the outbox of approval notices and channel posts, who should hear of a request, and
 * where a request was shown. The shapes match src/api/chat/notifier.ts (structurally).
 */

export type { ChatNoticeRow, ChatMessageRow, NoticeOutcome, UnreachedRecipient };
export type ChatProviderName = 'slack' | 'teams';

export interface NoticeRecipient {
  userId: string;
  externalId: string;
  workspaceId: string;
}

/** An approval request as a chat message tells it, and who hears of it. */
export interface ApprovalNoticeFacts {
  requestId: string;
  action: string;
  summary: string;
  status: 'open' | 'granted' | 'rejected' | 'expired';
  requesterUserId: string;
  decidedByUserId?: string;
  reason?: string;
  /** opened: the people who may decide the next level now (policy's own answer); decided: the requester. */
  audience: string[];
}

/** Claims up to `limit` notices to relay. */
export const claimNotices = (deps: ToolDeps, limit = 50): Promise<ChatNoticeRow[]> =>
  claimChatNotices(deps.database.db, limit);

/** Marks a claimed notice sent, failed (error) or left to the inbox, with who was not reached and why. */
export const settleNotice = (deps: ToolDeps, id: string, outcome: NoticeOutcome): Promise<void> =>
  settleChatNotice(deps.database.db, id, outcome, deps.now());

/** Queues a text for the configured chat channels, once per key (the nightly summary of a date). */
export const queueChannelText = (deps: ToolDeps, text: string, dedupeKey: string): Promise<boolean> =>
  queueChannelPost(deps.database.db, text, dedupeKey, deps.now());

/** The person behind a request: the one the agent asked for, else the one who asked. */
const requesterOf = (r: ApprovalRequestRow): string => r.requestedFor ?? r.requestedBy;

const money = /^(amount|total|amountMinor|writeOff|credit)/i;

/** One sentence: who asks for what on which object, with the amounts and reason the arguments carry. */
export function summarizeRequest(r: ApprovalRequestRow, requesterName: string): string {
  const args = (r.args ?? {}) as Record<string, unknown>;
  const parts = Object.entries(args)
    .filter(
      ([k, v]) =>
        (money.test(k) || /reason|currency|note/i.test(k)) && (typeof v === 'string' || typeof v === 'number'),
    )
    .map(([k, v]) => `${k}: ${String(v).slice(0, 120)}`);
  // A client's move names the invoices it takes along (the approvers' reason does too), so the approver sees them.
  const moving =
    r.actionType === 'client.change_billing_details' && Array.isArray(args.invoices)
      ? movingInvoicesText(args.invoices as MovingInvoice[])
      : '';
  return `${requesterName} asks for ${r.actionType} on ${r.targetType} ${r.targetId}${parts.length ? ` (${parts.join('; ')})` : ''}.${moving ? ` ${moving}.` : ''}`;
}

async function nameOf(deps: ToolDeps, userId: string): Promise<string> {
  const [u] = await deps.database.db
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, userId.length === 36 ? userId : '00000000-0000-0000-0000-000000000000'));
  return u ? `${u.name} (${u.email})` : userId;
}

/** Active people who may grant the request's next level now, by asking policy for each. */
async function approversOf(deps: ToolDeps, requestId: string): Promise<string[]> {
  const db = deps.database.db;
  const ctx: UseCaseContext = {
    actor: serviceActor('chat-slack'),
    correlationId: `chat-notice:${requestId}`,
    now: deps.now(),
  };
  await readMatrixInForce(db, ctx);
  const s = await requestState(db, ctx, requestId, false);
  if (!s.ok) return [];
  const next = s.value.coverage.missing[0];
  const step = next && s.value.steps.find((x) => x.level === next.level);
  if (!step) return [];
  const action: ActionOf<'approval.grant'> = {
    type: 'approval.grant',
    target: s.value.action.target,
    args: {
      actionType: s.value.action.type as ApprovableActionType,
      argsHash: s.value.request.argsHash,
      level: step.level,
      role: step.role,
    },
  };
  const people = await db
    .select()
    .from(users)
    .where(and(eq(users.active, true), eq(users.kind, 'person')));
  const facts = pendingFacts(s.value);
  return people
    .map((u) => toIdentity(u))
    .filter((u) => {
      const actor: Actor = { userId: u.id, roles: u.roles, entityIds: u.entityIds, onBehalfOf: null };
      return evaluate(action, actor, facts, matrixOf(ctx)).outcome === 'allow';
    })
    .map((u) => u.id);
}

/** The notice an outbox row stands for, with its audience; null when the request is gone. */
export async function approvalNoticeOf(deps: ToolDeps, row: ChatNoticeRow): Promise<ApprovalNoticeFacts | null> {
  if (!row.requestId || !row.event) return null;
  const r = await getApprovalRequest(deps.database.db, row.requestId);
  if (!r) return null;
  const requester = requesterOf(r);
  const summary = summarizeRequest(r, await nameOf(deps, requester));
  const base = { requestId: r.id, action: r.actionType, summary, requesterUserId: requester };
  if (row.event === 'opened') {
    // Decided or superseded since: nobody needs to be asked any more.
    if (r.status !== 'pending') return { ...base, status: 'open', audience: [] };
    return { ...base, status: 'open', audience: await approversOf(deps, r.id) };
  }
  if (row.event === 'rejected')
    return {
      ...base,
      status: 'rejected',
      ...(r.decidedBy ? { decidedByUserId: r.decidedBy } : {}),
      ...(r.decisionReason ? { reason: r.decisionReason } : {}),
      audience: [requester],
    };
  return { ...base, status: 'granted', audience: [requester] };
}

/** The linked chat ids of some users for a provider. */
export async function recipientsOf(
  deps: ToolDeps,
  provider: ChatProviderName,
  userIds: readonly string[],
): Promise<NoticeRecipient[]> {
  const ids = userIds.filter((u) => u.length === 36);
  const links = await chatLinksOf(deps.database.db, provider, ids);
  return links.map((l) => ({ userId: l.userId, externalId: l.externalId, workspaceId: l.workspaceId }));
}

/**
 * Where a provider's postToChannel reaches one person: Slack takes the user's id as the channel (the
 * app's direct messages with them); Teams needs the person's own chat with the bot, which exists once
 * they wrote to it or installed it (null otherwise: they cannot be reached there).
 */
export async function personChannelOf(
  deps: ToolDeps,
  provider: ChatProviderName,
  r: NoticeRecipient,
): Promise<string | null> {
  if (provider === 'slack') return r.externalId;
  return (await personalTeamsConversation(deps, r.workspaceId, r.externalId))?.conversationId ?? null;
}

/** Remembers where a request was shown to a person. */
export const rememberChatMessage = (
  deps: ToolDeps,
  m: {
    provider: ChatProviderName;
    requestId: string;
    userId: string;
    channel: string;
    messageRef: string;
    /** The language it was written in, for its update after the decision. */
    language: string | null;
  },
): Promise<void> => saveChatMessage(deps.database.db, { ...m, createdAt: deps.now() });

/** Where a request was shown, for a provider. */
export const chatMessagesFor = (
  deps: ToolDeps,
  provider: ChatProviderName,
  requestId: string,
): Promise<ChatMessageRow[]> => chatMessagesOf(deps.database.db, provider, requestId);

/** The requester's and approvers' names for words ("approved by Dana (dana@…)"). */
export const displayNameOf = nameOf;

/** An active person's principal (roles, entities), or null. */
export async function principalOf(deps: ToolDeps, userId: string): Promise<(Principal & { name: string }) | null> {
  if (userId.length !== 36) return null;
  const [u] = await deps.database.db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), eq(users.kind, 'person')));
  if (!u) return null;
  const i = toIdentity(u);
  return { userId: i.id, roles: i.roles, entityIds: i.entityIds, name: i.name };
}
