import type { ApprovalNoticeRow } from '../../db/stores/approval-notice-store.ts';

/** What a decision notice says in a chat direct message: a short title and the paragraph. */
export interface NoticeChatMessage {
  noticeId: string;
  /** E.g. "Invoice approved". */
  title: string;
  /** The title and the notice's words, as the chat message's text (also the notification preview). */
  text: string;
}

/**
 * The words of a decision notice in chat, in one place so that a translation can be plugged in here (English for
 * now). The notice's own text already names the decision, the invoice (number or draft reference) or request, who
 * decided and, for a rejection, the reason (invoice-decision-notice.ts, decision-notice.ts).
 * @example decisionNoticeChatMessage({ event: 'rejected', requestId: null, targetType: 'invoice', text: '…' })
 * // { noticeId: …, title: 'Invoice rejected', text: 'Invoice rejected\n…' }
 */
export function decisionNoticeChatMessage(
  n: Pick<ApprovalNoticeRow, 'id' | 'event' | 'requestId' | 'targetType' | 'text'>,
): NoticeChatMessage {
  const subject = n.requestId === null && n.targetType === 'invoice' ? 'Invoice' : 'Approval request';
  const verdict = n.event === 'rejected' ? 'rejected' : n.event === 'expired' ? 'approved too late' : 'approved';
  const title = `${subject} ${verdict}`;
  return { noticeId: n.id, title, text: `${title}\n${n.text}` };
}
