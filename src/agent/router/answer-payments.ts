import { callForAgent, type AgentSession } from '../session.ts';
import { say } from '../language/say.ts';
import { failureWords, langOf, type Money, money } from './answer-words.ts';

type Suggestions = {
  paymentId: string;
  client: { code: string };
  unapplied: Money;
  confidence: string;
  reasons: string[];
  suggestions: {
    rank: number;
    confidence: string;
    reason: string;
    allocations: { invoice: string; amount: string }[];
    leftUnapplied: Money;
  }[];
  candidates: { invoice: string; reason: string }[];
};

/** What a payment's unapplied cash could pay: the ranked suggestions in words, for a person to apply. */
export async function paymentSuggestions(s: AgentSession, paymentId: string): Promise<string> {
  const lang = langOf(s);
  const r = await callForAgent(s, 'payments_suggest_application', { paymentId });
  if (!r.value) return failureWords(r, lang);
  const v = r.value as Suggestions;
  const head = say(lang, 'suggest.head', {
    id: v.paymentId,
    client: v.client.code,
    unapplied: money(v.unapplied, lang),
  });
  if (v.suggestions.length === 0)
    return [
      `${head} ${say(lang, 'suggest.none', { reasons: v.reasons.join('; ') })}`,
      ...v.candidates.map((c) => `- ${c.invoice}: ${c.reason}`),
    ].join('\n');
  const ccy = v.unapplied.currency;
  return [
    `${head} ${say(lang, 'suggest.list')}`,
    ...v.suggestions.map((x) =>
      say(lang, 'suggest.item', {
        rank: x.rank,
        confidence: x.confidence,
        allocations: x.allocations
          .map((a) => `${a.invoice} ${lang === 'en' ? a.amount : money({ amount: a.amount, currency: ccy }, lang)}`)
          .join(', '),
        reason: x.reason,
        left: lang === 'en' ? x.leftUnapplied.amount : money(x.leftUnapplied, lang),
      }),
    ),
  ].join('\n');
}
