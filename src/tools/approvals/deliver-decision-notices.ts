import { z } from 'zod';
import { chatLinksOf } from '../../db/stores/chat-notice-store.ts';
import type { ApprovalNoticeRow } from '../../db/stores/approval-notice-store.ts';
import {
  claimNoticeDelivery,
  countDueNoticeDeliveries,
  dueNoticeDeliveries,
  leaveOldNoticesInInbox,
  settleNoticeDelivery,
  settleUntried,
  type NoticeDeliverySettlement,
} from '../../db/stores/notice-delivery-store.ts';
import type { ActionOf } from '../../policy/actions.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool, type ToolDeps } from '../define-tool.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { retentionRun } from '../policy-gate/retention-run.ts';
import { decisionNoticeChatMessage, type NoticeChatMessage } from './notice-chat-message.ts';

/** A person's chat identity on one provider (user_chat_links). */
export interface NoticeRecipient {
  userId: string;
  externalId: string;
  workspaceId: string;
}

/**
 * How posting ended: posted; permanent (the person cannot be reached there: not in the workspace, no chat with the
 * bot, a 404; never retried); transient (refused for a passing reason, nothing was posted: retried after a backoff);
 * unsure (no answer, or an answer that may have come after the post: looked up before posting again, or never posted
 * again by a messenger that cannot look). `error` never carries a token.
 */
export type NoticePostResult = { ok: true } | { ok: false; error: string; kind: 'permanent' | 'transient' | 'unsure' };

/**
 * A chat tool's direct messages, as the delivery sees them (Slack, Teams: src/api). `noticePosted` answers whether
 * a try that may have posted did: `posted` / `not_posted`, `cannot_tell` when the provider has no way to look
 * (Teams), or an error when the look-up failed now.
 */
export interface NoticeMessenger {
  readonly provider: 'slack' | 'teams';
  /** Whether `noticePosted` can tell (Slack: the DM's history); false (Teams): an unsure try is failed at once. */
  readonly looksUp: boolean;
  postNotice(to: NoticeRecipient, m: NoticeChatMessage): Promise<NoticePostResult>;
  noticePosted(
    to: NoticeRecipient,
    noticeId: string,
    since: Date,
  ): Promise<'posted' | 'not_posted' | 'cannot_tell' | { error: string }>;
}

/** Tries a notice gets before it is failed for good. */
export const NOTICE_DELIVERY_MAX_ATTEMPTS = 5;
/** Wait before try n+1 after n tries: 30 s, 2 min, 8 min, 32 min. */
export const noticeBackoffMs = (attempts: number): number => 30_000 * 4 ** Math.max(0, attempts - 1);
/** Notices one run takes at most; more wait for the next run (the chat worker runs every few seconds). */
export const NOTICE_DELIVERY_BATCH = 50;
/** Time after which a run takes no further notice (CHAT_NOTICE_DELIVERY_BUDGET_SECONDS); the one under way ends. */
export const NOTICE_DELIVERY_BUDGET_MS = 20_000;
/** A notice older than this when first taken up is left in the inbox, not posted (CHAT_NOTICE_MAX_AGE_HOURS). */
export const NOTICE_MAX_AGE_HOURS = 24;
/** Old notices one run settles `inbox` at most (one statement). */
const INBOX_BATCH = 1_000;

export interface DeliverNoticesResult {
  delivered: number;
  /** Failed for a passing reason (or unsure whether posted): tried again after a backoff. */
  retrying: number;
  /** Failed for good: the reason is on the notice (chat.lastError). */
  failed: number;
  /** No Slack or Teams identity linked: readable in the API and terminal only. */
  noChat: number;
  /** Read in the API or terminal before a try: not posted. */
  alreadyRead: number;
  /** Older than the age limit when first taken up: not posted, left in the API and terminal (`inbox`). */
  leftInInbox: number;
  /** Due but left for a later run: no chat tool configured, more than a batch waited, or the time budget ran out. */
  waiting: number;
}

/** How many decision notices wait for a chat delivery now: the chat worker calls the entry only when some do. */
export const decisionNoticesDue = (deps: ToolDeps): Promise<number> =>
  countDueNoticeDeliveries(deps.database.db, deps.now());

const errorOf = (provider: string, e: string) => `${provider}: ${e}`.slice(0, 1000);

/** Where a person is reached: the provider a previous try used, else the first configured one they are linked on. */
async function recipientFor(
  deps: ToolDeps,
  messengers: readonly NoticeMessenger[],
  n: ApprovalNoticeRow,
): Promise<{ messenger: NoticeMessenger; to: NoticeRecipient } | null> {
  const ordered = [...messengers].sort(
    (a, b) => Number(b.provider === n.chatProvider) - Number(a.provider === n.chatProvider),
  );
  for (const messenger of ordered) {
    const [link] = await chatLinksOf(deps.database.db, messenger.provider, [n.userId]);
    if (link)
      return { messenger, to: { userId: n.userId, externalId: link.externalId, workspaceId: link.workspaceId } };
  }
  return null;
}

type Outcome = 'delivered' | 'retrying' | 'failed';

const CANNOT_TELL = 'this chat tool cannot tell: not posted again';

/**
 * One claimed try: a try that may have posted before (unsure, or cut off while sending) is looked up first, and
 * posted again only when the provider says it did not arrive; then the post, settled once.
 */
async function tryOnce(
  deps: ToolDeps,
  n: ApprovalNoticeRow,
  claimed: ApprovalNoticeRow,
  messenger: NoticeMessenger,
  to: NoticeRecipient,
): Promise<Outcome> {
  const now = deps.now();
  const p = messenger.provider;
  const lastTry = claimed.chatAttempts >= NOTICE_DELIVERY_MAX_ATTEMPTS;
  const later = (error: string, state: 'retry' | 'unsure'): NoticeDeliverySettlement =>
    lastTry
      ? { state: 'failed', error: errorOf(p, `${error} (gave up after ${claimed.chatAttempts} tries)`) }
      : { state, error: errorOf(p, error), nextAt: new Date(now.getTime() + noticeBackoffMs(claimed.chatAttempts)) };
  const settle = async (s: NoticeDeliverySettlement): Promise<Outcome> => {
    await settleNoticeDelivery(deps.database.db, claimed, s, now);
    return s.state === 'delivered' ? 'delivered' : s.state === 'failed' ? 'failed' : 'retrying';
  };
  // A try that may have posted is looked up where it was made; one made in another chat tool (no longer configured, or
  // the person no longer linked there) left nothing here: posted here, once.
  if ((n.chatState === 'unsure' || n.chatState === 'sending') && (n.chatProvider ?? p) === p) {
    const found = await messenger.noticePosted(to, n.id, n.createdAt);
    if (found === 'posted') return settle({ state: 'delivered', provider: p, readVia: p });
    if (found === 'cannot_tell')
      return settle({
        state: 'failed',
        error: errorOf(p, `a try may have posted it and ${CANNOT_TELL}`),
      });
    if (found !== 'not_posted') return settle(later(`could not look up an earlier try: ${found.error}`, 'unsure'));
  }
  const r = await messenger.postNotice(to, decisionNoticeChatMessage(n));
  if (r.ok) return settle({ state: 'delivered', provider: p, readVia: p });
  if (r.kind === 'permanent') return settle({ state: 'failed', error: errorOf(p, r.error) });
  // It may have arrived, and this chat tool cannot be asked: at most once, never twice.
  if (r.kind === 'unsure' && !messenger.looksUp)
    return settle({ state: 'failed', error: errorOf(p, `${r.error}: it may have been posted and ${CANNOT_TELL}`) });
  return settle(later(r.error, r.kind === 'unsure' ? 'unsure' : 'retry'));
}

/**
 * Delivers decision notices (an invoice approved or rejected: approval_notices written `queued` by the decision) to
 * their person's Slack or Teams direct message, each once: a try is recorded before anything is posted, a try that
 * may have posted is looked up before posting again (Slack: the DM's history, by the notice id in the message's
 * metadata; Teams cannot look: such a notice is failed rather than posted twice), passing failures are retried with
 * backoff (five tries), a person who cannot be reached (not in the workspace, no chat with the bot, 404) is failed
 * for good with why, a person with no chat identity is settled `no_chat`, and a notice older than `maxAgeHours` when
 * first taken up is left in the inbox: never retried. A run takes no further notice once `budgetMs` is spent. One
 * audit row per run, written even when the run stops part-way (with what it did until then).
 */
export const approvalNoticesDeliver = defineTool({
  name: 'approval_notices_deliver',
  description:
    'Sends decision notices (invoice approved or rejected) to their person in Slack or Teams, once each: retries ' +
    'passing failures with backoff, records a person who cannot be reached, leaves a person with no chat identity ' +
    'to the API and terminal, and leaves notices older than maxAgeHours when first taken up in the inbox unposted. ' +
    'Stops taking notices after budgetMs. One audit row per run. Run by the chat worker as service:job-worker; ' +
    'finance admins may run it by hand. Without a chat tool configured nothing is sent and the notices wait.',
  input: z
    .strictObject({
      budgetMs: z
        .number()
        .int()
        .min(1)
        .max(600_000)
        .optional()
        .describe(
          `Milliseconds after which the run takes no further notice (the one under way ends); default ${NOTICE_DELIVERY_BUDGET_MS}`,
        ),
      maxAgeHours: z
        .number()
        .int()
        .min(1)
        .max(8_760)
        .optional()
        .describe(
          `A notice older than this when first taken up is left in the inbox, not posted; default ${NOTICE_MAX_AGE_HOURS}`,
        ),
    })
    .describe('Nothing required: the notices decide what goes'),
  output: z.object({
    delivered: z.number().int().describe('Notices posted (or found posted by an earlier try) in this run'),
    retrying: z.number().int().describe('Failed for a passing reason: tried again after a backoff'),
    failed: z.number().int().describe('Failed for good: the reason is on the notice'),
    noChat: z.number().int().describe('No Slack or Teams identity linked: readable in the API and terminal'),
    alreadyRead: z.number().int().describe('Read in the API or terminal before a try: not posted'),
    leftInInbox: z.number().int().describe('Older than maxAgeHours when first taken up: not posted, left in the inbox'),
    waiting: z
      .number()
      .int()
      .describe('Due but left for a later run (no chat tool configured, over the batch, or the budget spent)'),
  }),
  risk: 'write',
  policyAction: 'approval_notice.deliver',
  // Each try commits on its own, before and after the post: a post cannot be rolled back with a transaction.
  transaction: 'own',
  handler: async (ctx, input): Promise<Result<DeliverNoticesResult, GateError>> => {
    const deps = ctx.deps;
    const messengers = deps.noticeMessengers ?? [];
    const db = deps.database.db;
    const budgetMs = input.budgetMs ?? NOTICE_DELIVERY_BUDGET_MS;
    const maxAgeHours = input.maxAgeHours ?? NOTICE_MAX_AGE_HOURS;
    const cutoff = new Date(ctx.now.getTime() - maxAgeHours * 3_600_000);
    // Due: what the run may post. The old ones it sets aside for the inbox first are not (they are never posted).
    const due = await countDueNoticeDeliveries(db, ctx.now, messengers.length > 0 ? cutoff : undefined);
    const action: ActionOf<'approval_notice.deliver'> = {
      type: 'approval_notice.deliver',
      target: { kind: 'approval_notices', id: 'approval_notices' },
      args: { due },
    };
    // What the run did so far: the audit row reports it even when a step throws part-way.
    const out: DeliverNoticesResult = {
      delivered: 0,
      retrying: 0,
      failed: 0,
      noChat: 0,
      alreadyRead: 0,
      leftInInbox: 0,
      waiting: 0,
    };
    const run = async (): Promise<DeliverNoticesResult> => {
      if (messengers.length === 0) {
        out.waiting = await countDueNoticeDeliveries(db, ctx.now);
        return out;
      }
      out.leftInInbox = await leaveOldNoticesInInbox(
        db,
        cutoff,
        `older than ${maxAgeHours} h when a chat tool could first send it: left in the inbox, not posted`,
        INBOX_BATCH,
      );
      // Read once the old ones are set aside: the fresh ones behind them go in this run.
      const batch = await dueNoticeDeliveries(db, ctx.now, NOTICE_DELIVERY_BATCH);
      const started = performance.now();
      for (const [i, n] of batch.entries()) {
        // The first notice always goes: a run makes progress however small its budget.
        if (i > 0 && performance.now() - started >= budgetMs) break;
        if (n.chatState === 'queued' && n.chatAttempts === 0 && n.readAt === null && n.createdAt < cutoff) continue;
        if (n.readAt !== null) {
          if (await settleUntried(db, n, 'read', null)) out.alreadyRead += 1;
          continue;
        }
        const where = await recipientFor(deps, messengers, n);
        if (!where) {
          const tools = messengers.map((m) => m.provider).join(' or ');
          if (await settleUntried(db, n, 'no_chat', `no ${tools} identity is linked to this person`)) out.noChat += 1;
          continue;
        }
        const claimed = await claimNoticeDelivery(db, n, where.messenger.provider, deps.now());
        if (!claimed) continue;
        out[await tryOnce(deps, n, claimed, where.messenger, where.to)] += 1;
      }
      out.waiting = await countDueNoticeDeliveries(db, deps.now());
      return out;
    };
    return retentionRun(
      ctx,
      action,
      run,
      { providers: messengers.map((m) => m.provider), budgetMs, maxAgeHours, due },
      () => out,
    );
  },
});
