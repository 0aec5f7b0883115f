import { ALL_TOOLS } from '../../tools/registry.ts';
import { whyNotForAgent } from '../agent-tools.ts';
import { callForAgent, type AgentSession } from '../session.ts';
import { paymentSuggestions } from './answer-payments.ts';
import { dateIn } from '../language/format.ts';
import { say } from '../language/say.ts';
import { failureWords, langOf, type Money, money } from './answer-words.ts';

type PaymentItem = {
  id: string;
  client: { code: string };
  receivedOn: string;
  amount: Money;
  unapplied: Money;
};

/** Payments received, newest first, one "- <id>" line each: what "the first one" and "the biggest" pick from. */
export async function paymentsList(s: AgentSession, client: string | null, unapplied: boolean): Promise<string> {
  const lang = langOf(s);
  const r = await callForAgent(s, 'payments_list', {
    ...(unapplied ? { unapplied: 'true' } : {}),
    ...(client ? { client } : {}),
    limit: 20,
  });
  if (!r.value) return failureWords(r, lang);
  const p = r.value as { items: PaymentItem[]; page: { total: number } };
  if (p.items.length === 0) return say(lang, 'payments.none', { unapplied, client });
  return [
    say(lang, 'payments.head', { n: p.page.total, unapplied, client }),
    ...p.items.map((i) =>
      say(lang, 'payments.line', {
        id: i.id,
        client: i.client.code,
        unapplied: money(i.unapplied, lang),
        amount: money(i.amount, lang),
        received: dateIn(i.receivedOn, lang),
      }),
    ),
    say(lang, 'payments.tail'),
  ].join('\n');
}

/**
 * "Apply this payment to invoice N": cash application is a person's decision. The catalogue's entry for it is asked
 * through policy like any write (today policy gives the copilot no cash action, so it is refused and recorded); when
 * it is not done, the payment's suggestions are read and the person is told plainly how to apply one themselves.
 */
export async function applyPayment(
  s: AgentSession,
  paymentId: string | null,
  ref: string,
  amount: string | null,
): Promise<{ reply: string; refused: boolean }> {
  const lang = langOf(s);
  if (!paymentId) return { reply: say(lang, 'cash.whichPayment', { ref }), refused: false };
  const entry = ALL_TOOLS.find((t) => t.policyAction === 'invoice.apply_payment');
  let words: string;
  let refused = false;
  if (!entry) words = say(lang, 'cash.noEntry');
  else if (whyNotForAgent(entry, s.person) === null && !amount)
    // Policy would let the copilot ask: it still never guesses how much.
    return { reply: say(lang, 'cash.howMuch', { id: paymentId, ref }), refused: false };
  else {
    const r = await callForAgent(s, entry.name, {
      paymentId,
      allocations: [{ invoice: ref, ...(amount ? { amount } : {}) }],
    });
    if (r.value) return { reply: say(lang, 'cash.applied', { amount, id: paymentId, ref }), refused: false };
    if (r.call.outcome === 'approval_required') return { reply: failureWords(r, lang), refused: false };
    refused = r.call.outcome === 'refused';
    words = say(lang, 'cash.cannot', { id: paymentId, ref, message: r.error!.message });
  }
  return { reply: `${words}\n\n${await paymentSuggestions(s, paymentId)}`, refused };
}
