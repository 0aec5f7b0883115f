import { groupThousands } from '../../shared/money.ts';
import type { AgentCallResult } from '../session.ts';

/** An amount as the catalogue's answers carry it. */
export type Money = { amount: string; currency: string };

/** "USD 143,776.35": the ledger's amount with its thousands grouped. */
export const money = (m: Money): string => `${m.currency} ${groupThousands(m.amount)}`;

/** What the router answers when a call did not succeed: the refusal or error in words, an approval request with its id. */
export function failureWords(r: AgentCallResult): string {
  const e = r.error!;
  if (r.call.outcome === 'approval_required')
    return `This needs approval first: ${e.message}. I opened approval request ${r.call.requestId}; the approvers see it in their inbox, and I will run it once it is granted (ask me to "resume").`;
  if (r.call.outcome === 'refused') return `I may not do that for you: ${e.message}.`;
  return `${e.message} (${e.code}).`;
}
