import { runTurn, type ModelEngine } from '../../agent/turn.ts';
import { pausedCallFor } from '../../tools/agent/pending-calls.ts';
import {
  approvalNoticeOf,
  claimNotices,
  personChannelOf,
  principalOf,
  recipientsOf,
  settleNotice,
  type ApprovalNoticeFacts,
  type ChatNoticeRow,
  type NoticeOutcome,
  type UnreachedRecipient,
} from '../../tools/chat/chat-notices.ts';
import { postOnce, type RelayPostOutcome } from '../../tools/chat/relay-posts.ts';
import type { NoticePostResult } from '../../tools/approvals/deliver-decision-notices.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { markToldInChat, reviseDecisionNotice } from '../../tools/approvals/decision-notice.ts';
import type { ApprovalNotice, ChatNotifier, ChatProvider, DeliveryReport, PostPlace } from './notifier.ts';

/** Everything the relay tells people with: the notifiers configured, and the channel of each for channel posts. */
export interface RelayDeps {
  tools: ToolDeps;
  notifiers: readonly ChatNotifier[];
  /** Where channel posts (the nightly collections summary) go, per provider; a provider without one posts none. */
  channels: Partial<Record<ChatProvider, string>>;
  /** The copilot's model, for the resumed turn; null = the built-in router (a resume needs no model). */
  model: ModelEngine | null;
  log: (msg: string, meta: Record<string, unknown>) => void;
}

export interface RelayOutcome {
  sent: number;
  failed: number;
}

/**
 * When a request is granted, the requester's paused conversation is taken up again: the call it
 * waited on runs exactly once (its saved idempotency key), as if they had said "resume". Returns
 * what the copilot said, or null when no conversation waited on it.
 */
async function resumeRequester(d: RelayDeps, n: ApprovalNoticeFacts): Promise<string | null> {
  const paused = await pausedCallFor(d.tools, n.requestId, n.requesterUserId);
  if (!paused || paused.status !== 'waiting') return null;
  const person = await principalOf(d.tools, n.requesterUserId);
  if (!person) return null;
  const r = await runTurn(
    d.tools,
    {
      person: { userId: person.userId, roles: person.roles, entityIds: person.entityIds },
      text: 'resume',
      threadId: paused.threadId,
      correlationId: `chat-relay:${n.requestId}`,
    },
    d.model,
  );
  return r.ok ? r.value.reply : null;
}

const toNotice = ({ audience: _, ...n }: ApprovalNoticeFacts): ApprovalNotice => n;

/** A notifier's answer as the post discipline reads it (no kind: nothing was posted, tried again). */
const asPost = (r: Pick<DeliveryReport, 'ok' | 'error' | 'kind'> | undefined): NoticePostResult =>
  !r
    ? { ok: false, error: 'no answer', kind: 'transient' }
    : r.ok
      ? { ok: true }
      : { ok: false, error: r.error ?? 'failed', kind: r.kind ?? 'transient' };

/**
 * One message of a notice to one place, at most once (tools/chat/relay-posts.ts): recorded before the post, settled
 * after; a try that may have posted is looked up (where the notifier can) before posting again.
 */
const postTo = async (
  d: RelayDeps,
  row: ChatNoticeRow,
  notifier: ChatNotifier,
  place: PostPlace,
  post: (mark: string) => Promise<NoticePostResult>,
): Promise<RelayPostOutcome> => {
  const o = await postOnce(
    d.tools,
    {
      noticeId: row.id,
      provider: notifier.provider,
      // Per chat account, not per person: a person linked to two accounts of one provider is told in each.
      target: 'user' in place ? `user:${place.user.workspaceId}:${place.user.externalId}` : `channel:${place.channel}`,
    },
    {
      post,
      ...(notifier.lookUp ? { lookUp: (mark, since) => notifier.lookUp!(place, mark, since) } : {}),
    },
  );
  if (o.state === 'busy') waitedOnOthers.add(row);
  else if (o.state !== 'delivered') failedOnItsOwn.add(row);
  return o;
};

/**
 * Rows this round found a post of under way by another try (a relay elsewhere, or one that died less than five
 * minutes ago): the round was no try of their own, so it does not count against their five tries (else a restart
 * would spend them all in five rounds before the cut-off try can be looked up).
 */
const waitedOnOthers = new WeakSet<ChatNoticeRow>();
/** Rows a post of this round failed for (or the round threw on): that round was a try, and it counts. */
const failedOnItsOwn = new WeakSet<ChatNoticeRow>();

/**
 * Relays one approval notice to every notifier's linked audience. Nobody told and someone failed for
 * a passing reason: an error (tried again). Someone no retry can reach (a Teams user the bot never
 * met) is recorded with why, and when nobody at all was told in chat the notice falls back to the
 * inbox, where every approver and requester finds their requests anyway.
 */
async function relayApproval(d: RelayDeps, row: ChatNoticeRow): Promise<NoticeOutcome> {
  const facts = await approvalNoticeOf(d.tools, row);
  if (!facts || facts.audience.length === 0) return { error: null };
  let notice = toNotice(facts);
  if (facts.status !== 'open') {
    const words = await resumeRequester(d, facts);
    if (words) notice = { ...notice, summary: `${notice.summary}\n${words}` };
    // The decision wrote the requester's notice; it now says what the resumed call did.
    await reviseDecisionNotice(d.tools, facts, words);
  }
  const failures: string[] = [];
  const unreached: UnreachedRecipient[] = [];
  let delivered = 0;
  let toldIn: string | null = null;
  for (const notifier of d.notifiers) {
    const recipients = await recipientsOf(d.tools, notifier.provider, facts.audience);
    for (const recipient of recipients) {
      let report: DeliveryReport | undefined;
      const o = await postTo(d, row, notifier, { user: recipient }, async (mark) => {
        [report] = await notifier.notifyApproval(notice, [recipient], mark);
        // Nothing was sent to someone no retry reaches: not a failure of this post, tried again with the notice.
        return report?.unreachable
          ? { ok: false, error: report.error ?? report.unreachable, kind: 'transient' }
          : asPost(report);
      });
      if (o.state === 'delivered') {
        delivered += 1;
        toldIn ??= notifier.provider;
      } else if (report?.unreachable)
        unreached.push({
          provider: notifier.provider,
          userId: recipient.userId,
          reason: report.unreachable,
          detail: (report.error ?? report.unreachable).slice(0, 300),
          fallback: 'inbox',
        });
      else failures.push(`${notifier.provider}:${recipient.externalId}: ${o.error}`);
    }
  }
  if (failures.length) d.log('chat notice not delivered to everyone', { requestId: facts.requestId, failures });
  // A decision's audience is the requester alone: told in chat, their notice is read.
  if (facts.status !== 'open' && toldIn) await markToldInChat(d.tools, facts.requestId, facts.requesterUserId, toldIn);
  if (unreached.length)
    d.log('chat notice falls back to the inbox for some', {
      requestId: facts.requestId,
      unreached: unreached.map((u) => `${u.provider}:${u.userId}: ${u.reason}`),
    });
  // Told at least one person (or nobody was linked): sent. A retry would tell the others twice.
  if (delivered === 0 && failures.length > 0) return { error: failures.join('; ').slice(0, 1000), unreached };
  return { error: null, unreached, toInbox: delivered === 0 && unreached.length > 0 };
}

async function relayChannelPost(d: RelayDeps, row: ChatNoticeRow): Promise<string | null> {
  const errors: string[] = [];
  const text = row.text;
  if (!text) return null;
  for (const notifier of d.notifiers) {
    const channel = d.channels[notifier.provider];
    if (!channel) continue;
    const o = await postTo(d, row, notifier, { channel }, async (mark) =>
      asPost(await notifier.postToChannel(channel, text, mark)),
    );
    if (o.state !== 'delivered') errors.push(`${notifier.provider}: ${o.error}`);
  }
  return errors.length ? errors.join('; ') : null;
}

/** Relays a text for one person (a client's account manager when dunning escalates) to their linked chat accounts. */
async function relayPerson(d: RelayDeps, row: ChatNoticeRow): Promise<string | null> {
  const text = row.text;
  if (!row.userId || !text) return null;
  const failures: string[] = [];
  let delivered = 0;
  for (const notifier of d.notifiers) {
    for (const r of await recipientsOf(d.tools, notifier.provider, [row.userId])) {
      const channel = await personChannelOf(d.tools, notifier.provider, r);
      if (!channel) {
        failures.push(`${notifier.provider}:${r.externalId}: no chat of theirs with the bot yet`);
        continue;
      }
      const o = await postTo(d, row, notifier, { user: r }, async (mark) =>
        asPost(await notifier.postToChannel(channel, text, mark)),
      );
      if (o.state === 'delivered') delivered += 1;
      else failures.push(`${notifier.provider}:${r.externalId}: ${o.error}`);
    }
  }
  if (failures.length) d.log('chat notice not delivered to everyone', { noticeId: row.id, failures });
  return delivered === 0 && failures.length > 0 ? failures.join('; ').slice(0, 1000) : null;
}

/**
 * Relays the chat outbox (chat_notices): approval requests opened (to the approvers policy lets
 * decide the next level, where they are linked), decided (to the requester, after resuming their
 * paused conversation), channel posts, and texts for one person (where they are linked). Each row is
 * claimed once; a row nobody could receive for a passing reason is marked failed and tried again by a
 * later relay (up to five tries); one nobody can be reached for in chat is settled `inbox`, with who
 * and why in `unreached`.
 */
export async function relayChatNotices(d: RelayDeps): Promise<RelayOutcome> {
  const out: RelayOutcome = { sent: 0, failed: 0 };
  for (const row of await claimNotices(d.tools)) {
    let outcome: NoticeOutcome;
    try {
      outcome =
        row.kind === 'channel_post'
          ? { error: await relayChannelPost(d, row) }
          : row.kind === 'person'
            ? { error: await relayPerson(d, row) }
            : await relayApproval(d, row);
    } catch (e) {
      outcome = { error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 1000) : 'error' };
      d.log('chat notice failed', { noticeId: row.id, error: outcome.error });
      failedOnItsOwn.add(row);
    }
    // Only a round that did nothing but wait on another try gives its attempt back.
    if (outcome.error && waitedOnOthers.has(row) && !failedOnItsOwn.has(row)) outcome = { ...outcome, giveBack: true };
    await settleNotice(d.tools, row.id, outcome);
    if (outcome.error) out.failed += 1;
    else out.sent += 1;
  }
  return out;
}
