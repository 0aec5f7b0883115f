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
import { Decimal } from 'decimal.js';
import { amountInLine } from '../language/format.ts';
import { clientIn, invoiceRefsIn, mentionsIn, readIntent, type Intent } from './intents.ts';
import { normalise, ORDINALS } from './words.ts';

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

/** One item of a list the copilot answered with: an invoice reference or a payment id, and its first amount. */
interface Listed {
  id: string;
  amount: Decimal | null;
}

const PAYMENT_ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/;

/**
 * The items of the last list the copilot answered with, in its order (oldest due first for overdue invoices, newest
 * first for payments), with what each list is of. Read from the reply's "- " lines.
 */
export function lastListed(turns: readonly ThreadTurn[]): { of: 'invoices' | 'payments'; items: Listed[] } | null {
  for (const t of [...turns].reverse()) {
    const of = t.toolCalls.some((c) => c.tool === 'payments_list' && c.outcome === 'ok')
      ? 'payments'
      : t.toolCalls.some((c) => c.tool === 'invoices_list' && c.outcome === 'ok')
        ? 'invoices'
        : null;
    if (!of) continue;
    const items: Listed[] = [];
    for (const line of t.reply.split('\n').filter((l) => l.startsWith('- '))) {
      const id = of === 'payments' ? PAYMENT_ID.exec(line)?.[0] : invoiceRefsIn(line)[0];
      // The first amount the line shows, as the reply's language wrote it ("USD 1,234.56", "1.234,56 USD"…).
      const amount = amountInLine(line);
      if (id && !items.some((i) => i.id === id)) items.push({ id, amount: amount ? new Decimal(amount) : null });
    }
    if (items.length) return { of, items };
  }
  return null;
}

/**
 * The item a place word picks from a list: first / oldest (the list's order), last / newest, the second…, biggest /
 * smallest by the amount each line shows. Null when the list is too short or the amounts are missing.
 */
export function pick(items: readonly Listed[], place: string): string | null {
  const p = place.toLowerCase();
  if (p === 'biggest' || p === 'largest' || p === 'smallest') {
    if (items.some((i) => i.amount === null)) return null;
    const sorted = [...items].sort((a, b) => a.amount!.comparedTo(b.amount!));
    return (p === 'smallest' ? sorted[0] : sorted[sorted.length - 1])?.id ?? null;
  }
  if (p === 'last' || p === 'newest' || p === 'latest') return items[items.length - 1]?.id ?? null;
  const nth = p === 'oldest' ? 0 : ORDINALS.indexOf(p);
  return nth >= 0 ? (items[nth]?.id ?? null) : null;
}

/**
 * "the oldest one", "the first invoice", "that last one", "die erste", "la plus ancienne", "the biggest one": a
 * place in the last list, over normalised words (German and French ordinals read as English ones). Not "the first
 * line": that is a line of an invoice.
 */
const PLACE = new RegExp(
  `(?<![\\p{L}\\d])(?:the|that|this|die|der|den|dem|das|diese[nmrs]?|la|le|les|l'|cette|celle)\\s+` +
    `(oldest|newest|latest|last|biggest|largest|smallest|${ORDINALS.join('|')})` +
    // Not a line ("the first line") nor a time ("the last month", "le dernier mois").
    '(?!\\s+(?:line|position|row|zeile|ligne|month|quarter|week|year|day|monat|quartal|mois|trimestre)\\b)' +
    '(?:\\s+(?:one|invoice|bill|payment)\\b)?',
  'iu',
);

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
/** The same request for another date or client: "what about …", "and for …", "und …", "et …". */
const ANOTHER_TIME = /^\W*(?:what about|how about|and (?:for|at|as of)?|und|et)(?!\p{L})/iu;

/**
 * The thread's previous request about a client (overdue invoices, a reminder, payments), asked again for the client
 * this message names. Null when the message names none or the previous request was not about a client.
 */
function forAnotherClient(
  text: string,
  own: Intent,
  previous: ThreadTurn,
  today: Date,
  turns: readonly ThreadTurn[],
): Intent | null {
  const earlier = readInThread(previous.message, today, turns.slice(0, -1));
  const said = clientIn(text);
  const mentions = mentionsIn(text);
  if (!said && mentions.length === 0) return null;
  if (own.kind !== 'unknown' && own.kind !== 'clarify') return null;
  if (earlier.kind === 'overdue') return { kind: 'overdue', client: said, mentions };
  if (earlier.kind === 'reminder') return { kind: 'reminder', client: said, mentions };
  if (earlier.kind === 'payments' && said) return { ...earlier, client: said };
  return null;
}

const vague = (i: Intent): boolean => i.kind === 'unknown' || i.kind === 'clarify' || i.kind === 'needs_model';
const usable = (i: Intent): boolean => i.kind !== 'unknown';

/** The message with an invoice, payment or client put where the thread's words stand for it. */
function withReferents(text: string, turns: readonly ThreadTurn[]): string {
  let t = text;
  // Place words are read in the router's spelling, so German and French ordinals pick as English ones do.
  const spelt = normalise(t);
  const place = PLACE.exec(spelt);
  const listed = place ? lastListed(turns) : null;
  const picked = place && listed ? pick(listed.items, place[1]!) : null;
  if (place && listed && picked && (listed.of === 'payments' || invoiceRefsIn(t).length === 0))
    t = `${spelt.slice(0, place.index)}${listed.of === 'payments' ? `payment ${picked}` : picked}${spelt.slice(
      place.index + place[0].length,
    )}`;
  else if (invoiceRefsIn(t).length === 0) {
    const invoice = lastInvoice(turns);
    if (invoice && INVOICE_PRONOUN.test(t)) t = t.replace(INVOICE_PRONOUN, invoice);
  }
  const client = lastClient(turns);
  if (client && CLIENT_PRONOUN.test(t)) t = t.replace(CLIENT_PRONOUN, `for ${client}`);
  return t;
}

/** The approval requests the thread's calls opened or found open, oldest first. */
export function threadRequests(turns: readonly ThreadTurn[]): string[] {
  const ids = turns.flatMap((t) => t.toolCalls.filter((c) => c.requestId).map((c) => c.requestId!));
  return [...new Set(ids)];
}

/**
 * Reads a message in its thread: as readIntent does when the message stands on its own, else with what the earlier
 * turns lend it. Without earlier turns it is readIntent.
 */
export function readInThread(text: string, today: Date, turns: readonly ThreadTurn[]): Intent {
  const own = readIntent(text, today);
  if (turns.length === 0) return own;
  const previous = turns[turns.length - 1]!;

  // "Is it done?": "it" is the thread's request, not an invoice; the invoice only when no request was opened.
  if (own.kind === 'status') {
    const requestIds = threadRequests(turns);
    const ref = own.ref ?? (requestIds.length ? null : lastInvoice(turns));
    return { ...own, ref, requestIds };
  }

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
    // The previous request about a client, for another client: "und für Kunde Bluejay?", "et pour Granite ?".
    const another = forAnotherClient(text, own, previous, today, turns);
    if (another) return another;
    const asked = [...turns].reverse().map((t) => readIntent(t.message, today));
    const dated = asked.find((i) => i.kind === 'dso' || i.kind === 'billing_run');
    if (dated?.kind === 'dso' && (periodIn(text, today) || /\b(month|quarter|year|today|now)\b/i.test(text)))
      return { kind: 'dso', asOf: asOfIn(text, today), withExceptions: false };
    const period = periodIn(text, today);
    if (dated?.kind === 'billing_run' && period) return { kind: 'billing_run', period };
  }
  return own;
}
