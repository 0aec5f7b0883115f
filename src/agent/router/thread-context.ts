/**
 * Follow-ups for the built-in router: what the thread's earlier turns (their messages, calls and replies) lend to a
 * message that leans on them. Pure. Four general mechanisms, tried only when the message itself does not say:
 *
 * - an invoice pronoun or a request without an invoice ("why is it late?", "and line 2?", "Warum ist sie
 *   überfällig?") takes the invoice the thread last named; "the oldest / first / last one" takes that place in the
 *   last list the copilot gave;
 * - a client pronoun ("chase them", "pour eux") takes the client the thread last asked about;
 * - "do it anyway", "go ahead", "try again" repeat the previous request (through policy again: a refusal stays one);
 * - an answer to the copilot's question ("run billing" → "for March 2027"), or the same request for another date
 *   ("what about the end of last month?"), is read together with the request it completes.
 */
import type { TurnToolCall } from '../../tools/agent/turn-log.ts';
import { asOfIn, periodIn } from './periods.ts';
import { invoiceRefsIn, readIntent, type Intent } from './intents.ts';

/** An earlier turn of the thread, oldest first, as the turn log keeps it. */
export interface ThreadTurn {
  message: string;
  reply: string;
  toolCalls: readonly TurnToolCall[];
}

const args = (c: TurnToolCall): Record<string, unknown> => (c.args ?? {}) as Record<string, unknown>;

/** The invoice the thread last named: in a call's `ref`, else in a message. Null when none. */
export function lastInvoice(turns: readonly ThreadTurn[]): string | null {
  for (const t of [...turns].reverse()) {
    const called = [...t.toolCalls].reverse().find((c) => typeof args(c).ref === 'string');
    if (called) return String(args(called).ref);
    const said = invoiceRefsIn(t.message)[0];
    if (said) return said;
  }
  return null;
}

/** The client the thread last asked about (a list's `client`), or null. */
export function lastClient(turns: readonly ThreadTurn[]): string | null {
  for (const t of [...turns].reverse()) {
    const called = [...t.toolCalls].reverse().find((c) => typeof args(c).client === 'string');
    if (called) return String(args(called).client);
  }
  return null;
}

/** The invoices of the last list the copilot answered with, in its order (oldest due first for overdue lists). */
function lastListed(turns: readonly ThreadTurn[]): string[] {
  for (const t of [...turns].reverse()) {
    const refs = invoiceRefsIn(t.reply);
    if (t.toolCalls.some((c) => c.tool === 'invoices_list') && refs.length) return [...new Set(refs)];
  }
  return [];
}

/** "the oldest one", "the first invoice", "that last one": an invoice by its place in the last list. */
const PLACE = /\b(?:the|that|this)\s+(oldest|first|newest|latest|last)(?:\s+(?:one|invoice|bill))?\b/i;
/** Words that stand for an invoice the thread named, in English, German and French. */
const INVOICE_PRONOUN = new RegExp(
  `(?<![\\p{L}\\d-])(${[
    'it|this one|that one|this invoice|that invoice|the invoice',
    'sie|davon|die rechnung|diese rechnung',
    'elle|la facture|cette facture',
  ].join('|')})(?![\\p{L}\\d-])`,
  'iu',
);
/** Words that stand for a client the thread named. */
const CLIENT_PRONOUN =
  /(?<![\p{L}\d-])(them|they|their|this client|that client|eux|leur|ihnen|den kunden)(?![\p{L}\d-])/iu;
/** Asking for the previous request again. */
const AGAIN = new RegExp(
  [
    '\\b(?:do it (?:anyway|again|now|regardless)|just do it|go ahead|try again)\\b',
    '\\b(?:mach(?:e)? (?:es|das) trotzdem|fais[- ]le quand même)',
    '^\\W*(?:(?:ok(?:ay)?|fine|then|so|please|just|now)\\W+)*(?:do it|proceed)\\W*$',
  ].join('|'),
  'i',
);
/** The same request for another date: "what about …", "and for …", "und …", "et …". */
const ANOTHER_TIME = /^\W*(?:what about|how about|and (?:for|at|as of)?|und|et)\b/i;

const vague = (i: Intent): boolean => i.kind === 'unknown' || i.kind === 'clarify' || i.kind === 'needs_model';
const usable = (i: Intent): boolean => i.kind !== 'unknown';

/** The message with an invoice or client put where the thread's words stand for it. */
function withReferents(text: string, turns: readonly ThreadTurn[]): string {
  let t = text;
  if (invoiceRefsIn(t).length === 0) {
    const listed = lastListed(turns);
    const place = PLACE.exec(t);
    const byPlace = place ? (/first|oldest/i.test(place[1]!) ? listed[0] : listed[listed.length - 1]) : undefined;
    const invoice = byPlace ?? lastInvoice(turns);
    if (invoice) {
      if (place && byPlace) t = t.replace(PLACE, invoice);
      else if (INVOICE_PRONOUN.test(t)) t = t.replace(INVOICE_PRONOUN, invoice);
    }
  }
  const client = lastClient(turns);
  if (client && CLIENT_PRONOUN.test(t)) t = t.replace(CLIENT_PRONOUN, `for ${client}`);
  return t;
}

/**
 * Reads a message in its thread: as readIntent does when the message stands on its own, else with what the earlier
 * turns lend it. Without earlier turns it is readIntent.
 */
export function readInThread(text: string, today: Date, turns: readonly ThreadTurn[]): Intent {
  const own = readIntent(text, today);
  if (turns.length === 0) return own;
  const previous = turns[turns.length - 1]!;

  if (AGAIN.test(text)) {
    const again = readInThread(previous.message, today, turns.slice(0, -1));
    if (usable(again)) return again;
  }

  const filled = withReferents(text, turns);
  if (filled !== text) {
    const i = readIntent(filled, today);
    if (!vague(i)) return i;
  }
  if (!vague(own) && !(own.kind === 'overdue' && !own.client && lastInvoice(turns) && !/\binvoices\b/i.test(text)))
    return own;

  // A request without its invoice: the thread's invoice, said after it.
  const invoice = invoiceRefsIn(text).length === 0 ? lastInvoice(turns) : null;
  if (invoice) {
    const i = readIntent(`${text} ${invoice}`, today);
    if (!vague(i) && i.kind !== 'show_invoice') return i;
  }
  // An answer to the copilot's question, or the previous request for another date.
  const earlier = readInThread(previous.message, today, turns.slice(0, -1));
  if (earlier.kind === 'clarify') {
    const i = readIntent(`${previous.message} ${text}`, today);
    if (!vague(i)) return i;
  }
  if (ANOTHER_TIME.test(text)) {
    const asked = [...turns].reverse().map((t) => readIntent(t.message, today));
    const dated = asked.find((i) => i.kind === 'dso' || i.kind === 'billing_run');
    if (dated?.kind === 'dso' && (periodIn(text, today) || /\b(month|quarter|year|today|now)\b/i.test(text)))
      return { kind: 'dso', asOf: asOfIn(text, today), withExceptions: false };
    const period = periodIn(text, today);
    if (dated?.kind === 'billing_run' && period) return { kind: 'billing_run', period };
  }
  return own;
}
