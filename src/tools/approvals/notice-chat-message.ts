import type { ApprovalNoticeRow } from '../../db/stores/approval-notice-store.ts';

/** What a decision notice says in a chat direct message: a short title and the paragraph. */
export interface NoticeChatMessage {
  noticeId: string;
  /** E.g. "Invoice approved". */
  title: string;
  /** The title and the notice's words, as the chat message's text (also the notification preview). */
  text: string;
  /** What the title names, so a messenger can write it in the recipient's language at send time. */
  subject: 'invoice' | 'request';
  verdict: 'approved' | 'rejected' | 'expired';
  /** The notice's own sentence, as the tools wrote it (English; quoted as it is in every language). */
  body: string;
}

/**
 * The words of a decision notice in chat, in English; a messenger that knows the recipient's language rewrites the
 * title at send time (noticeInLanguage in src/api/chat/notice-language.ts). The notice's own text already names the
 * decision, the invoice (number or draft reference) or request, who decided and, for a rejection, the reason
 * (invoice-decision-notice.ts, decision-notice.ts).
 * @example decisionNoticeChatMessage({ event: 'rejected', requestId: null, targetType: 'invoice', text: '…' })
 * // { noticeId: …, title: 'Invoice rejected', text: 'Invoice rejected\n…', … }
 */
export function decisionNoticeChatMessage(
  n: Pick<ApprovalNoticeRow, 'id' | 'event' | 'requestId' | 'targetType' | 'text'>,
): NoticeChatMessage {
  const subject = n.requestId === null && n.targetType === 'invoice' ? 'invoice' : 'request';
  const verdict = n.event === 'rejected' ? 'rejected' : n.event === 'expired' ? 'expired' : 'approved';
  const words = verdict === 'expired' ? 'approved too late' : verdict;
  const title = `${subject === 'invoice' ? 'Invoice' : 'Approval request'} ${words}`;
  return { noticeId: n.id, title, text: `${title}\n${n.text}`, subject, verdict, body: n.text };
}
