import type { Role } from '../policy/roles.ts';
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
