import type { Language } from '../language/detect.ts';
import { moneyIn, type Money } from '../language/format.ts';
import { say } from '../language/say.ts';
import type { AgentCallResult, AgentSession } from '../session.ts';

export type { Money } from '../language/format.ts';

/** The language a session answers in: English unless the turn read another. */
export const langOf = (s: Pick<AgentSession, 'lang'>): Language => s.lang ?? 'en';

/**
 * An amount for the reply's language: "USD 143,776.35" in English, "143.776,35 USD" in German, "143 776,35 USD" in
 * French (language/format.ts).
 */
export const money = (m: Money, lang: Language = 'en'): string => moneyIn(m, lang);

/** What the router answers when a call did not succeed: the refusal or error in words, an approval request with its id. */
export function failureWords(r: AgentCallResult, lang: Language = 'en'): string {
  const e = r.error!;
  if (r.call.outcome === 'approval_required')
    return say(lang, 'failure.approval', { message: e.message, requestId: r.call.requestId });
  if (r.call.outcome === 'refused') return say(lang, 'failure.refused', { message: e.message });
  return say(lang, 'failure.error', { message: e.message, code: e.code });
}
