import type { Role } from '../policy/roles.ts';
import { redactText } from '../shared/log.ts';
import { redactForModel } from './triage/model-suggest.ts';

/** Roles that see people's cost rates (and margins): never sent to a model for anyone else. */
const COST_READERS: readonly Role[] = ['controller', 'finance_admin'];
const SECRET_KEY = /(api[_-]?key|secret|password|token|authorization)/i;
const COST_KEY = /cost/i;
/** Personal data of client contacts the answers do not need: names and e-mails in contact lists, tax ids. */
const PERSONAL_KEY = /^(contacts|billingContacts|taxId|email|phone|address)$/;

/**
 * What of a tool's answer goes to a model: secrets never; cost rates only for a role that may see
 * them; client contacts and tax ids dropped; e-mail addresses and IBANs in text masked. Bounded to
 * maxChars of JSON (a list is cut, marked truncated).
 */
export function forModel(value: unknown, roles: readonly Role[], maxChars = 12_000): string {
  const costs = roles.some((r) => COST_READERS.includes(r));
  const text =
    JSON.stringify(value, (k, v: unknown) => {
      if (k && (SECRET_KEY.test(k) || PERSONAL_KEY.test(k) || (!costs && COST_KEY.test(k)))) return undefined;
      if (typeof v === 'bigint') return v.toString();
      return typeof v === 'string' ? redactForModel(v) : v;
    }) ?? 'null';
  return text.length <= maxChars
    ? text
    : `${text.slice(0, maxChars)}… (truncated: ask for fewer items or a page with offset)`;
}

/**
 * A model's reply as it may reach people, the turn log and logs: the same masking as tool answers
 * (e-mail addresses, IBANs) and the secret scrubbing of log lines (API keys, bearer tokens,
 * credentials in URLs, key=value secrets). Invoice numbers, amounts, dates and quoted contract text
 * pass unchanged. The model sees e-mails and IBANs only masked (tool answers, the person's message),
 * so any it writes are echoes or inventions the answer does not need.
 */
export function replyForPeople(reply: string): string {
  return redactForModel(redactText(reply));
}
