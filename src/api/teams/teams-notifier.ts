import type {
  NoticeMessenger,
  NoticePostResult,
  NoticeRecipient,
} from '../../tools/approvals/deliver-decision-notices.ts';
import type { NoticeChatMessage } from '../../tools/approvals/notice-chat-message.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { personalTeamsConversation, teamsConversation, userNameOf } from '../../tools/teams/teams-chat.ts';
import { languageOfTag, type Language } from '../../agent/language/detect.ts';
import { say } from '../../agent/language/say.ts';
import { noticeInLanguage } from '../chat/notice-language.ts';
import type { ApprovalNotice, ChatNotifier, ChatRecipient, DeliveryReport } from '../chat/notifier.ts';
import { approvalRequestCard, cardAttachment } from './approval-card.ts';
import type { Connector, OutgoingActivity, SendFailure } from './connector.ts';

export interface TeamsNotifierOptions {
  /** The conversation postToChannel uses when given '' (TEAMS_COLLECTIONS_CONVERSATION). */
  defaultConversation?: string;
}

/**
 * Tells people in Teams: approvers get the request as an Adaptive Card with Approve / Reject, the
 * requester gets the decision in words. Messages go to each person's personal chat with the bot,
 * from the conversation reference stored when they last wrote to it or installed it: the Bot
 * Connector has no way to open a chat with someone who never met the bot without more Graph
 * permissions, so such a person is reported as unreachable (no_conversation), never an exception:
 * the relay records it on the notice and they find the request in their approvals inbox.
 */
/**
 * A Bot Connector failure's kind, by the step that failed. The token step sent nothing: transient (retried). The
 * post: 403/404/410 (the bot is not in that chat any more) permanent; another refusal the Connector answers before
 * doing anything (400, 401, 429), or a connection never opened, transient; a 500, 502, 503 or 504, a timeout or a
 * reset after the request went out may have posted: unsure, and Teams has no way to look it up. A 503 is among them:
 * it comes from the service in front of Teams, and nothing documented says it was answered before the activity was
 * forwarded (unlike a 429, a refusal by rate), so the message may be in the chat: never posted again.
 */
export function teamsFailureKind(
  f: Pick<SendFailure, 'step' | 'status' | 'connected'>,
): 'permanent' | 'transient' | 'unsure' {
  if (f.step === 'token') return 'transient';
  if (f.status !== undefined) {
    if ([403, 404, 410].includes(f.status)) return 'permanent';
    return [500, 502, 503, 504].includes(f.status) ? 'unsure' : 'transient';
  }
  return f.connected === false ? 'transient' : 'unsure';
}

export class TeamsNotifier implements ChatNotifier, NoticeMessenger {
  readonly provider = 'teams' as const;
  /** The Bot Connector cannot list a personal chat: a try that may have posted is never posted again. */
  readonly looksUp = false;

  constructor(
    private readonly deps: ToolDeps,
    private readonly connector: Connector,
    private readonly opts: TeamsNotifierOptions = {},
  ) {}

  async notifyApproval(notice: ApprovalNotice, recipients: ChatRecipient[]): Promise<DeliveryReport[]> {
    const by =
      notice.status !== 'open' && notice.decidedByUserId ? await userNameOf(this.deps, notice.decidedByUserId) : null;
    const out: DeliveryReport[] = [];
    for (const recipient of recipients) {
      const conv = await personalTeamsConversation(this.deps, recipient.workspaceId, recipient.externalId);
      if (!conv) {
        out.push({
          recipient,
          ok: false,
          unreachable: 'no_conversation',
          error: 'this person has no chat with the bot yet: they install the app or message it once',
        });
        continue;
      }
      // Written in the language of the person's chat with the bot, chosen now (English when Teams never told it).
      const lang = languageOfTag(conv.locale) ?? 'en';
      const activity = notice.status === 'open' ? requestActivity(notice, lang) : decisionActivity(notice, by, lang);
      const r = await this.connector.send(conv.serviceUrl, conv.conversationId, activity);
      out.push(r.ok ? { recipient, ok: true } : { recipient, ok: false, error: r.error, kind: teamsFailureKind(r) });
    }
    return out;
  }

  /** A decision notice to the person's personal chat with the bot (its stored conversation reference). */
  async postNotice(to: NoticeRecipient, english: NoticeChatMessage): Promise<NoticePostResult> {
    const conv = await personalTeamsConversation(this.deps, to.workspaceId, to.externalId);
    if (!conv)
      return {
        ok: false,
        kind: 'permanent',
        error: 'no_conversation: this person has no chat with the bot yet (they install the app or message it once)',
      };
    const m = noticeInLanguage(english, languageOfTag(conv.locale) ?? 'en');
    const body = m.text.slice(m.title.length + 1);
    const r = await this.connector.send(conv.serviceUrl, conv.conversationId, {
      type: 'message',
      text: `**${m.title}**\n\n${body}`,
      textFormat: 'markdown',
    });
    return r.ok ? { ok: true } : { ok: false, error: r.error, kind: teamsFailureKind(r) };
  }

  /** The Bot Connector cannot list a personal chat's messages: whether a cut-off try posted is unknowable. */
  async noticePosted(): Promise<'cannot_tell'> {
    return 'cannot_tell';
  }

  async postToChannel(
    channel: string,
    text: string,
  ): Promise<{ ok: boolean; error?: string; kind?: DeliveryReport['kind'] }> {
    const id = channel || this.opts.defaultConversation || '';
    if (!id) return { ok: false, error: 'no Teams conversation given (TEAMS_COLLECTIONS_CONVERSATION)' };
    const conv = await teamsConversation(this.deps, id);
    if (!conv) return { ok: false, error: `the bot has not been in conversation ${id}: add it to the channel first` };
    const r = await this.connector.send(conv.serviceUrl, conv.conversationId, {
      type: 'message',
      text,
      textFormat: 'markdown',
    });
    return r.ok ? { ok: true } : { ok: false, error: r.error, kind: teamsFailureKind(r) };
  }
}

/** The approver's card, in their language. */
function requestActivity(notice: ApprovalNotice, lang: Language): OutgoingActivity {
  return {
    type: 'message',
    text: `${say(lang, 'notice.approvalRequested')}: ${notice.summary}`,
    attachments: [cardAttachment(approvalRequestCard(notice, { lang }))],
  };
}

/** The requester's decision in words, in their language; `by` is who decided (their name), when known. */
function decisionActivity(notice: ApprovalNotice, by: string | null, lang: Language): OutgoingActivity {
  const p = { by, summary: notice.summary, reason: notice.reason };
  const key =
    notice.status === 'granted'
      ? 'notice.teamsGranted'
      : notice.status === 'rejected'
        ? 'notice.teamsRejected'
        : 'notice.teamsExpired';
  return { type: 'message', text: say(lang, key, p), textFormat: 'markdown' };
}
