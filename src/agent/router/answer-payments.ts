import { callForAgent, type AgentSession } from '../session.ts';
import { failureWords, type Money, money } from './answer-words.ts';

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
  const r = await callForAgent(s, 'payments_suggest_application', { paymentId });
  if (!r.value) return failureWords(r);
  const v = r.value as Suggestions;
  const head = `Payment ${v.paymentId} from ${v.client.code} has ${money(v.unapplied)} unapplied.`;
  if (v.suggestions.length === 0)
    return [
      `${head} I have no suggestion: ${v.reasons.join('; ')}.`,
      ...v.candidates.map((c) => `- ${c.invoice}: ${c.reason}`),
    ].join('\n');
  return [
    `${head} Suggestions, best first (I apply nothing; a person applies one with \`billing-copilot payments apply\`):`,
    ...v.suggestions.map(
      (x) =>
        `${x.rank}. ${x.confidence}: ${x.allocations.map((a) => `${a.invoice} ${a.amount}`).join(', ')}` +
        ` (${x.reason}; ${x.leftUnapplied.amount} would stay unapplied)`,
    ),
  ].join('\n');
}
