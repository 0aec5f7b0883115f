import type { ApprovalNotice, ChatNotifier, ChatRecipient, DeliveryReport, PostPlace } from '../chat/notifier.ts';
import type {
  NoticeMessenger,
  NoticePostResult,
  NoticeRecipient,
} from '../../tools/approvals/deliver-decision-notices.ts';
import type { NoticeChatMessage } from '../../tools/approvals/notice-chat-message.ts';
import { noticeInLanguage } from '../chat/notice-language.ts';
import type { Language } from '../../agent/language/detect.ts';
import { say } from '../../agent/language/say.ts';
import type { SlackLocales } from './user-locale.ts';
import type { SlackWebApi } from './web-api.ts';

/** The metadata event type of a decision notice's message: a later try finds it in the DM's history by notice id. */
/** How far before a try a look-up starts reading (clock difference between us and Slack), and how many pages it reads. */
const LOOK_UP_SLACK_SECONDS = 300;
const LOOK_UP_MAX_PAGES = 10;

export const NOTICE_EVENT_TYPE = 'billing_copilot_decision_notice';

/** Slack's answers that no retry changes: the person is not (or no longer) reachable by the app. */
const PERMANENT = new Set([
  'HTTP 404',
  'HTTP 410',
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'account_inactive',
  'user_disabled',
  'is_archived',
  'cannot_dm_bot',
  'user_is_bot',
  'not_in_channel',
  'messages_tab_disabled',
]);

/**
 * Slack's answers that may come after the message was posted: `internal_error` and `fatal_error` ("it's possible some
 * aspect of the operation succeeded before the error was raised"), an HTTP 5xx (a gateway that lost Slack's answer), no
 * answer at all (a timeout, a connection reset: `TimeoutError`, `AbortError`, `TypeError`) or an answer cut off
 * (`SyntaxError`: a 200 whose body did not arrive whole).
 */
const MAYBE_POSTED = /^(TimeoutError|AbortError|TypeError|SyntaxError|error|internal_error|fatal_error|HTTP 5\d\d)$/;

/**
 * A chat.postMessage failure's kind: permanent (the person is not reachable, nothing was posted); unsure (the
 * answer may have come after the post: looked up in the DM before any retry); transient (a refusal Slack answered
 * before doing anything: `ratelimited`, HTTP 429, `invalid_auth`, `service_unavailable`, a connection never opened:
 * retried after a backoff).
 */
export function slackFailureKind(error: string): 'permanent' | 'transient' | 'unsure' {
  if (PERMANENT.has(error)) return 'permanent';
  if (MAYBE_POSTED.test(error)) return 'unsure';
  return 'transient';
}

/** Action ids of the buttons on an approval message; their value is the request id. */
export const APPROVE_ACTION = 'approval_grant';
export const REJECT_ACTION = 'approval_reject';

/** Where the notifier keeps the messages it posted for a request, so a decision updates them. */
export interface PostedMessages {
  /** `language`: what the message was written in, kept so its update after the decision is in the same one. */
  remember(m: { requestId: string; userId: string; channel: string; ts: string; language: Language }): Promise<void>;
  /** `language`: null when not known (a message remembered before it was kept). */
  of(requestId: string): Promise<{ userId: string; channel: string; ts: string; language: Language | null }[]>;
}

/** The metadata that marks a message with a notice's (or a relay post's) id, for a later look-up. */
const marked = (id: string | undefined) =>
  id ? { metadata: { event_type: NOTICE_EVENT_TYPE, event_payload: { notice_id: id } } } : {};

/** A failed post's report, with its kind. */
const failed = (recipient: ChatRecipient, error: string): DeliveryReport => ({
  recipient,
  ok: false,
  error,
  kind: slackFailureKind(error),
});

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The approver's message in their language (English when unknown): what is asked, and Approve / Reject buttons
 * carrying the request id. The action ids and values are the same in every language: the interactions match on them.
 */
export function approvalBlocks(n: ApprovalNotice, lang: Language = 'en'): unknown[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${say(lang, 'notice.approvalNeeded')}* (${escape(n.action)})\n${escape(n.summary)}`,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${say(lang, 'notice.request')} \`${n.requestId}\`` }] },
    {
      type: 'actions',
      block_id: `approval:${n.requestId}`,
      elements: [
        {
          type: 'button',
          action_id: APPROVE_ACTION,
          style: 'primary',
          text: { type: 'plain_text', text: say(lang, 'notice.approve') },
          value: n.requestId,
        },
        {
          type: 'button',
          action_id: REJECT_ACTION,
          style: 'danger',
          text: { type: 'plain_text', text: say(lang, 'notice.reject') },
          value: n.requestId,
        },
      ],
    },
  ];
}

/** The words of a decided request, for the requester and for the approvers' updated message, in the language. */
export function decisionText(n: ApprovalNotice, lang: Language = 'en'): string {
  const p = { id: n.requestId, action: n.action, status: n.status, reason: n.reason };
  return `${say(lang, 'notice.decided', p)}\n${n.summary}`;
}

/**
 * Slack's ChatNotifier: approvers get a direct message with Approve / Reject buttons (the bot
 * posts to the user's id, which Slack opens as the app's DM); when decided, the requester gets the
 * outcome and every approver message of the request is updated so nobody presses a stale button.
 */
export class SlackNotifier implements ChatNotifier, NoticeMessenger {
  readonly provider = 'slack' as const;
  /** A DM's history shows whether a try posted (by the notice id in the message's metadata). */
  readonly looksUp = true;
  constructor(
    private readonly api: SlackWebApi,
    private readonly posted: PostedMessages,
    /** Each recipient's Slack language (shared with the Slack service's cache); absent: English. */
    private readonly locales?: SlackLocales,
  ) {}

  /** The person's language, never failing a delivery: the cache answers within its timeout, else English. */
  private async languageOf(slackUserId: string): Promise<Language> {
    if (!this.locales) return 'en';
    try {
      return (await this.locales.languageOf(slackUserId)) ?? 'en';
    } catch {
      return 'en';
    }
  }

  async notifyApproval(notice: ApprovalNotice, recipients: ChatRecipient[], mark?: string): Promise<DeliveryReport[]> {
    const reports: DeliveryReport[] = [];
    if (notice.status === 'open') {
      for (const r of recipients) {
        const lang = await this.languageOf(r.externalId);
        const res = await this.api.postMessage({
          channel: r.externalId,
          text: `${say(lang, 'notice.approvalNeeded')}: ${notice.summary}`,
          blocks: approvalBlocks(notice, lang),
          ...marked(mark),
        });
        // Stored with the message (not in memory), so its update after the decision, maybe after a restart, is in it.
        if (res.ok && res.ts)
          await this.posted.remember({
            requestId: notice.requestId,
            userId: r.userId,
            channel: res.channel ?? r.externalId,
            ts: res.ts,
            language: lang,
          });
        reports.push(res.ok ? { recipient: r, ok: true } : failed(r, res.error));
      }
      return reports;
    }
    for (const r of recipients) {
      const text = decisionText(notice, await this.languageOf(r.externalId));
      const res = await this.api.postMessage({ channel: r.externalId, text, ...marked(mark) });
      reports.push(res.ok ? { recipient: r, ok: true } : failed(r, res.error));
    }
    // The approvers' messages lose their buttons; a failure here is not the requester's.
    for (const m of await this.posted.of(notice.requestId)) {
      const text = decisionText(notice, m.language ?? 'en');
      await this.api.update({
        channel: m.channel,
        ts: m.ts,
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escape(text) } }],
      });
    }
    return reports;
  }

  /** A decision notice to the person's DM with the app, marked with the notice id in the message's metadata. */
  async postNotice(to: NoticeRecipient, english: NoticeChatMessage): Promise<NoticePostResult> {
    const m = noticeInLanguage(english, await this.languageOf(to.externalId));
    const res = await this.api.postMessage({
      channel: to.externalId,
      text: m.text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${escape(m.title)}*` } },
        { type: 'section', text: { type: 'mrkdwn', text: escape(m.text.slice(m.title.length + 1)) } },
      ],
      ...marked(m.noticeId),
    });
    return res.ok ? { ok: true } : { ok: false, error: res.error, kind: slackFailureKind(res.error) };
  }

  /** Whether a try that may have posted the notice did: its id in the metadata of the DM's messages since `since`. */
  async noticePosted(
    to: NoticeRecipient,
    noticeId: string,
    since: Date,
  ): Promise<'posted' | 'not_posted' | { error: string }> {
    const dm = await this.api.openDm(to.externalId);
    if (!dm.ok || !dm.channel) return { error: dm.ok ? 'no channel' : dm.error };
    return this.markedIn(dm.channel, noticeId, since);
  }

  /** Whether a relay post was made: its mark in the person's DM, or in the channel (by id: Slack's history needs one). */
  lookUp(place: PostPlace, mark: string, since: Date): Promise<'posted' | 'not_posted' | { error: string }> {
    return 'user' in place ? this.noticePosted(place.user, mark, since) : this.markedIn(place.channel, mark, since);
  }

  private async markedIn(
    channel: string,
    noticeId: string,
    since: Date,
  ): Promise<'posted' | 'not_posted' | { error: string }> {
    // From five minutes before the try (our clock and Slack's may differ; the mark is unique, so an earlier start
    // finds nothing else), every page: a busy channel may hold more than one page since.
    const oldest = (Math.floor(since.getTime() / 1000) - LOOK_UP_SLACK_SECONDS).toString();
    let cursor: string | undefined;
    for (let page = 0; page < LOOK_UP_MAX_PAGES; page++) {
      const h = await this.api.history({ channel, oldest, limit: 200, ...(cursor ? { cursor } : {}) });
      if (!h.ok) return { error: h.error };
      const mine = h.messages.some(
        (x) => x.metadata?.event_type === NOTICE_EVENT_TYPE && x.metadata.event_payload.notice_id === noticeId,
      );
      if (mine) return 'posted';
      if (!h.nextCursor) return 'not_posted';
      cursor = h.nextCursor;
    }
    // Not seen in the pages read, and more remain: unknown, so not posted again (the caller keeps it unsure).
    return { error: 'history_too_long' };
  }

  async postToChannel(
    channel: string,
    text: string,
    mark?: string,
  ): Promise<{ ok: boolean; error?: string; kind?: DeliveryReport['kind'] }> {
    const res = await this.api.postMessage({ channel, text, ...marked(mark) });
    return res.ok ? { ok: true } : { ok: false, error: res.error, kind: slackFailureKind(res.error) };
  }
}
