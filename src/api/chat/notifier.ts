/**
 * Telling people in the chat tool they use. One implementation per provider (Slack, Teams); the
 * approval-notice job and the nightly collections summary fan out over every configured notifier.
 * Implementations never throw for a person who cannot be reached: they report it per recipient.
 */

export type ChatProvider = 'slack' | 'teams';

export interface ChatRecipient {
  userId: string;
  /** Slack user id or Teams user (Entra object) id, from user_chat_links. */
  externalId: string;
  /** Slack team id or Teams tenant id; '' when not given. */
  workspaceId: string;
}

export interface ApprovalNotice {
  requestId: string;
  /** The policy action, e.g. invoice.approve. */
  action: string;
  /** One sentence a person can read: what is asked, on which object, for how much. */
  summary: string;
  status: 'open' | 'granted' | 'rejected' | 'expired';
  requesterUserId: string;
  decidedByUserId?: string;
  reason?: string;
}

export interface DeliveryReport {
  recipient: ChatRecipient;
  ok: boolean;
  /** Why it failed, in words (never a token or secret). */
  error?: string;
  /**
   * Set when no retry can reach this person through this provider (a reason code, e.g.
   * no_conversation: the Teams bot has no conversation with them): the notice records it, is not
   * retried for them, and they find the request in their approvals inbox.
   */
  unreachable?: string;
  /**
   * A failure's kind (as NoticePostResult's): permanent, transient (nothing was posted), unsure (the answer may have
   * followed the post: looked up before any retry). Absent: transient.
   */
  kind?: 'permanent' | 'transient' | 'unsure';
}

/** Where a relay post went: a person's direct message, or a channel. */
export type PostPlace = { user: ChatRecipient } | { channel: string };

export interface ChatNotifier {
  readonly provider: ChatProvider;
  /**
   * To approvers when a request opens (with Approve / Reject controls), to the requester when decided. `mark`: the
   * relay's post id, carried in the message where the tool keeps such data (Slack's metadata) for `lookUp`.
   */
  notifyApproval(notice: ApprovalNotice, recipients: ChatRecipient[], mark?: string): Promise<DeliveryReport[]>;
  /** Post plain text (e.g. the nightly collections summary) to a configured channel or conversation. */
  postToChannel(
    channel: string,
    text: string,
    mark?: string,
  ): Promise<{ ok: boolean; error?: string; kind?: DeliveryReport['kind'] }>;
  /**
   * Whether a message carrying `mark` was posted to a place since `since` (Slack: the conversation's history).
   * Absent (Teams: the Bot Connector cannot list a chat): a try that may have posted is never posted again.
   */
  lookUp?(place: PostPlace, mark: string, since: Date): Promise<'posted' | 'not_posted' | { error: string }>;
}
