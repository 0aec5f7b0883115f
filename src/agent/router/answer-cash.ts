import { ALL_TOOLS } from '../../tools/registry.ts';
import { whyNotForAgent } from '../agent-tools.ts';
import { callForAgent, type AgentSession } from '../session.ts';
import { paymentSuggestions } from './answer-payments.ts';
import { failureWords, type Money, money } from './answer-words.ts';

type PaymentItem = {
  id: string;
  client: { code: string };
  receivedOn: string;
  amount: Money;
  unapplied: Money;
};

/** Payments received, newest first, one "- <id>" line each: what "the first one" and "the biggest" pick from. */
export async function paymentsList(s: AgentSession, client: string | null, unapplied: boolean): Promise<string> {
  const r = await callForAgent(s, 'payments_list', {
    ...(unapplied ? { unapplied: 'true' } : {}),
    ...(client ? { client } : {}),
    limit: 20,
  });
  if (!r.value) return failureWords(r);
  const p = r.value as { items: PaymentItem[]; page: { total: number } };
  const what = `payment${p.page.total === 1 ? '' : 's'}${unapplied ? ' with unapplied cash' : ''}`;
  const whose = client ? ` from ${client}` : '';
  if (p.items.length === 0) return `No ${unapplied ? 'payment with unapplied cash' : 'payment'}${whose}.`;
  return [
    `${p.page.total} ${what}${whose}, newest first:`,
    ...p.items.map(
      (i) =>
        `- ${i.id} (${i.client.code}): ${money(i.unapplied)} unapplied of ${money(i.amount)}, received ${i.receivedOn}`,
    ),
    'Ask "what could the first one pay?" for suggestions; applying cash is a person\'s decision.',
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
  if (!paymentId)
    return {
      reply:
        `Which payment should go to ${ref}? Give its id ("apply payment <id> to ${ref}"), ` +
        'or ask "any unapplied payments?" and then "the first one".',
      refused: false,
    };
  const entry = ALL_TOOLS.find((t) => t.policyAction === 'invoice.apply_payment');
  let words: string;
  let refused = false;
  if (!entry) words = "I cannot apply payments: no entry of this installation's catalogue applies cash.";
  else if (whyNotForAgent(entry, s.person) === null && !amount)
    // Policy would let the copilot ask: it still never guesses how much.
    return {
      reply: `How much of payment ${paymentId} should go to ${ref}? ("apply 250.00 of payment … to ${ref}")`,
      refused: false,
    };
  else {
    const r = await callForAgent(s, entry.name, {
      paymentId,
      allocations: [{ invoice: ref, ...(amount ? { amount } : {}) }],
    });
    if (r.value) return { reply: `Applied ${amount} of payment ${paymentId} to ${ref}.`, refused: false };
    if (r.call.outcome === 'approval_required') return { reply: failureWords(r), refused: false };
    refused = r.call.outcome === 'refused';
    words =
      `I cannot apply payment ${paymentId} to ${ref}: ${r.error!.message}. Applying cash is a person's decision: ` +
      'someone who may do it applies it with `billing-copilot payments apply` or on the payments screen.';
  }
  return { reply: `${words}\n\n${await paymentSuggestions(s, paymentId)}`, refused };
}
