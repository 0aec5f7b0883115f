import type { Role } from '../policy/roles.ts';
import { redactText } from '../shared/log.ts';
import {
  COST_VIEWERS,
  FIELD_RULES,
  normaliseKey,
  TEXT_RULES,
  TRIGGER,
  WITHHELD,
  type DataClass,
  type TextRule,
} from './redact-rules.ts';

/** True when the person may see people's cost rates, so a model answering them may too (COST_VIEWERS). */
export const maySeeCosts = (roles: readonly Role[]): boolean => roles.some((r) => COST_VIEWERS.includes(r));

const ALWAYS: readonly TextRule[] = TEXT_RULES.filter((r) => r.class !== 'cost');
const SECRETS: readonly TextRule[] = TEXT_RULES.filter((r) => r.class === 'secret');
const rulesFor = (costs: boolean): readonly TextRule[] => (costs ? ALWAYS : TEXT_RULES);

function applyText(s: string, rules: readonly TextRule[]): string {
  if (!TRIGGER.test(s)) return s;
  let out = s;
  for (const r of rules) out = out.replace(r.pattern, r.replace);
  return out;
}

const keyClasses = new Map<string, DataClass | null>();
/** The class of data a field holds, by its key (FIELD_RULES, first match), or null for business data. */
function classOfKey(key: string): DataClass | null {
  let c = keyClasses.get(key);
  if (c === undefined) {
    const n = normaliseKey(key);
    c = FIELD_RULES.find((r) => r.match.test(n))?.class ?? null;
    if (keyClasses.size < 10_000) keyClasses.set(key, c);
  }
  return c;
}

/** A withheld value: null stays null (the model may say "none on file"), a list says how many it held. */
function withheld(v: unknown, cls: 'cost' | 'personal'): unknown {
  if (v === null || v === undefined) return v;
  if (Array.isArray(v)) return v.length === 0 ? [] : `${WITHHELD[cls].slice(0, -1)}, ${v.length} items]`;
  return WITHHELD[cls];
}

/** The value as a model may see it: secret fields gone, withheld fields marked, every string and key masked. */
function minimise(v: unknown, costs: boolean, rules: readonly TextRule[], depth: number): unknown {
  if (typeof v === 'string') return applyText(v, rules);
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return v;
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return minimise(json.call(v), costs, rules, depth);
  if (depth > 32) return '[deep]';
  if (Array.isArray(v)) return v.map((x) => minimise(x, costs, rules, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const cls = classOfKey(k);
    if (cls === 'secret') continue;
    const key = applyText(k, rules);
    if (cls === 'personal' || (cls === 'cost' && !costs)) out[key] = withheld(x, cls);
    else out[key] = minimise(x, costs, rules, depth + 1);
  }
  return out;
}

/**
 * What of a tool's answer goes to a model, as JSON (src/agent/redact-rules.ts has the tables): secret fields
 * removed; personal data of client contacts and payers, bank accounts and tax ids withheld (a marker says a
 * value exists); cost rates, cost amounts and margins withheld unless the person may see them; secrets, e-mail
 * addresses, IBANs and phone numbers masked inside every string. Bounded to maxChars (a list is cut, marked
 * truncated).
 * @example forModel({ client: { name: 'ACME', taxId: 'DE123' }, costRate: '80.00' }, ['collector'])
 *   // '{"client":{"name":"ACME","taxId":"[withheld: personal data]"},"costRate":"[withheld: cost data]"}'
 */
export function forModel(value: unknown, roles: readonly Role[], maxChars = 12_000): string {
  const costs = maySeeCosts(roles);
  const text = JSON.stringify(minimise(value, costs, rulesFor(costs), 0)) ?? 'null';
  return text.length <= maxChars
    ? text
    : `${text.slice(0, maxChars)}… (truncated: ask for fewer items or a page with offset)`;
}

/**
 * The person's message (and the thread's earlier messages and replies) as a model may read it: the text rules
 * of forModel (secrets, e-mail addresses, IBANs, phone numbers; margins unless the person may see costs).
 */
export function messageForModel(text: string, roles: readonly Role[]): string {
  return applyText(text, rulesFor(maySeeCosts(roles)));
}

/**
 * A model's reply as it may reach people, the turn log and logs: the secret scrubbing of log lines
 * (src/shared/log.ts) and the masking of secrets and personal data tool answers get (e-mail addresses,
 * IBANs, phone numbers). Invoice numbers, amounts, dates and quoted contract text pass unchanged. The model
 * sees those only masked (tool answers, the person's message), so any it writes are echoes or inventions the
 * answer does not need. Nothing masked is restored.
 */
export function replyForPeople(reply: string): string {
  return applyText(redactText(reply), ALWAYS);
}

/**
 * The person's message as the turn log keeps it: as written, but scrubbed like a log line (src/shared/log.ts:
 * keys, tokens, e-mail addresses) and with every secret text rule applied, so an API key or a password pasted
 * into chat is never stored or shown to an auditor. Names, amounts and invoice numbers stay: an auditor needs them.
 * @example messageForRecord('my key is bc_live_abcdefghijklmnop, what is overdue?') // 'my key is bc_***, what is overdue?'
 */
export function messageForRecord(text: string): string {
  return applyText(redactText(text), SECRETS);
}
