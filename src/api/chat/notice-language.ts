import type { Language } from '../../agent/language/detect.ts';
import { say } from '../../agent/language/say.ts';
import type { NoticeChatMessage } from '../../tools/approvals/notice-chat-message.ts';

/**
 * A decision notice's chat message with its title in the recipient's language, chosen when it is sent; the body is
 * the notice's sentence as the tools wrote it (English, quoted as it is).
 * @example noticeInLanguage(m, 'de').title // 'Rechnung abgelehnt'
 */
export function noticeInLanguage(m: NoticeChatMessage, lang: Language): NoticeChatMessage {
  if (lang === 'en') return m;
  const title = say(lang, 'notice.title', { subject: m.subject, verdict: m.verdict });
  return { ...m, title, text: `${title}\n${m.body}` };
}
