/**
 * The built-in router's reading of a message: which common request it is and its arguments. Pure; no model.
 * Requests are recognised by families of words (words.ts: synonyms, inflections, British and American spellings,
 * German words, one-letter typos on long keywords), not by phrases. Clients are said words here; answer-intent.ts
 * matches them against the firm's clients. When a request is recognised but something it needs is missing or
 * unclear, the intent is `clarify` (a question, no call); words it does not recognise are `unknown`. Decisions are
 * never taken: asked for, they are a `decision` intent, refused.
 */
import { say, type MessageKey, type Params } from '../language/say.ts';
import { asOfIn, periodIn, quarterIn } from './periods.ts';
import { FAMILY, normalise, ORDINALS } from './words.ts';

export { asOfIn, periodIn } from './periods.ts';

export type Intent =
  | { kind: 'overdue'; client: string | null; mentions: string[] }
  | { kind: 'why_held'; ref: string }
  | { kind: 'explain_line'; ref: string; lineNo: number }
  | { kind: 'show_invoice'; ref: string }
  | { kind: 'my_approvals' }
  | { kind: 'reminder'; client: string | null; mentions: string[]; ref?: string }
  | { kind: 'exceptions_past_sla' }
  | { kind: 'dso'; asOf: string; withExceptions: boolean }
  | { kind: 'summarise'; document: string | null; mentions: string[] }
  | { kind: 'reviewer'; ref: string }
  | { kind: 'billing_run'; period: string }
  | { kind: 'void_invoice'; ref: string; reason: string }
  | { kind: 'payment_suggestions'; paymentId: string }
  | { kind: 'payments'; client: string | null; unapplied: boolean }
  | { kind: 'apply_payment'; paymentId: string | null; ref: string | null; amount: string | null }
  | { kind: 'status'; ref: string | null; requestIds: string[] }
  | { kind: 'decision'; what: string; ref: string | null }
  | { kind: 'clarify'; question: string; key?: MessageKey; params?: Params }
  | { kind: 'needs_model'; what: string }
  | { kind: 'help' }
  | { kind: 'unknown' };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const REF = new RegExp(
  `(?<![\\w-])#?(DRAFT[- ]?[0-9A-F]{8}|${UUID}|[A-Z][A-Z0-9]*-(?=[A-Z0-9-]*\\d)[A-Z0-9-]*[A-Z0-9])(?![\\w-])`,
  'gi',
);
/** Words that are not clients where a client could stand ("for me", "of the month", "to them"). */
const NOT_CLIENTS = new Set(
  (
    'me my mine the a an this that these those all any anyone anything every each some client clients customer ' +
    'customers invoice invoices bill bills period month months week weeks year quarter approval sla po ' +
    'usd eur gbp chf ' +
    'i it its them they us our their we you your oldest newest every overdue unpaid past due late now today payment ' +
    'payments work what which who whom how when where why whether everything something nothing more less last next ' +
    'previous this current first second third over under about with without please still yet pay paying paid money ' +
    'amount amounts balance balances open items item receivables ar debt debts reminder reminders letter email mail ' +
    'note days day date dates end start review approve outstanding exceptions exception summary contract document ' +
    'documents statement sow msa agreement them help status copilot assistant team people him her ' +
    'kunde kunden kundin rechnung rechnungen zahlung zahlungen facture factures paiement paiements'
  ).split(' '),
);
const STOP = new Set(
  (
    'is are was were be been being am do does did done has have had having can could would should shall will may ' +
    'might must not no yes and or but if so than then there here as at by for from in into of on onto to up out off ' +
    'tell show give list send write draft prepare make get find see let know need want like friendly kind kindly ' +
    'much many very really just also again ok okay hi hello hey dear thanks thank regards sorry yet already ' +
    'draft drafts line lines held hold blocked stuck gone going sent owe owes owed owing arrears due run billing ' +
    'dso sales chase nudge remind dunning follow summarize summarise tldr gist ' +
    // German and French words that carry no client: articles, pronouns, prepositions, auxiliaries, politeness.
    'und oder aber für fuer von vom bei beim mit an auf aus der die das den dem des ein eine einen einem einer ' +
    'ist sind war noch schon was wie wer welche welcher welches mir mich uns ihr sie es er du ich wir bitte ' +
    'kannst kann könntest zeig zeige mal auch nicht nur alle alles davon dazu steht stehen ' +
    'et ou pour de des du le la les un une est sont qui que quoi quel quelle quelles quels moi nous vous ' +
    'il ils elle elles pas encore déjà montre montrez eux leur leurs entwerfen entwirf schreib schreibe erstelle ' +
    'erstellen prépare rédige'
  ).split(' '),
);

/** A word that cannot be a client: a common word, a month or a quarter. */
const notClient = (w: string): boolean =>
  NOT_CLIENTS.has(w.toLowerCase()) ||
  STOP.has(w.toLowerCase()) ||
  /^\d|\d{4}/.test(w) ||
  /^q[1-4]$/i.test(w) ||
  periodIn(`for ${w}`, new Date(0)) !== null;

/** The question a reminder without a client gets (in English; answer-intent.ts says it in the asker's language). */
export const WHICH_CLIENT_FOR_REMINDER = say('en', 'ask.reminderClient');

/** A question to the person: its English words, and its key for the asker's language. */
const clarify = (key: MessageKey, params: Params = {}): Intent => ({
  kind: 'clarify',
  question: say('en', key, params),
  key,
  params,
});

/** Every invoice reference in the text, in the router's spelling: DRAFT-1A2B3C4D, NWUS-2026-0001, an id. */
export function invoiceRefsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(REF)) {
    const raw = m[1]!;
    // A period (2026-10), a date, a quarter (Q4-2026) or a tax id is not an invoice.
    if (/^\d{4}-\d{2}(-\d{2})?$/.test(raw) || /^q[1-4]-\d{4}$/i.test(raw) || /^(?:che|fy)-/i.test(raw)) continue;
    if (new RegExp(`^${UUID}$`, 'i').test(raw)) out.push(raw.toLowerCase());
    else if (/^draft[- ]?[0-9a-f]{8}$/i.test(raw)) out.push(`DRAFT-${raw.slice(-8).toUpperCase()}`);
    else out.push(raw.toUpperCase());
  }
  return out;
}

/** The first invoice reference in the text: a number (NWUS-2026-0001), a DRAFT- reference or an id. */
export function invoiceRefIn(text: string): string | null {
  return invoiceRefsIn(text)[0] ?? null;
}

/**
 * The word a message puts where a client goes, upper-cased: after "for", "client", "of", "to", "from", "chase",
 * "remind", "nudge"…, a possessive ("Oranje's"), or a word written as a code (GRANITE). Null when none.
 */
export function clientIn(text: string): string | null {
  const t = text.replace(REF, ' ');
  const after = new RegExp(
    '(?<!\\p{L})(?:for|client|customer|of|to|from|at|with|by|about|chase|chasing|remind|nudge|dun|' +
      'für|fuer|von|bei|kunde|kunden|pour|de|chez)\\s+([A-Za-z][\\w&-]{1,63})',
    'giu',
  );
  for (const m of t.matchAll(after)) {
    if (!notClient(m[1]!)) return m[1]!.toUpperCase();
  }
  for (const m of t.matchAll(/\b([A-Za-z][\w-]{1,63})['\u2019]s\b/g)) {
    if (!notClient(m[1]!)) return m[1]!.toUpperCase();
  }
  for (const m of t.matchAll(/\b([A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)\b/g)) {
    if (!notClient(m[1]!)) return m[1]!;
  }
  return null;
}

/** The message's words that may name a client: lower case, neither common words nor the request's own words. */
export function mentionsIn(text: string): string[] {
  const t = text.replace(REF, ' ').toLowerCase();
  const out: string[] = [];
  for (const m of t.matchAll(/[\p{L}][\p{L}\p{N}&-]*/gu)) {
    const w = m[0].replace(/['\u2019]s$/, '');
    if (w.length < 3 || NOT_CLIENTS.has(w) || STOP.has(w)) continue;
    const spelt = normalise(w);
    if (Object.values(FAMILY).some((re) => re.test(spelt))) continue;
    out.push(w);
  }
  return out;
}

/** The document a message names: its id, or else a client (that client's newest document). */
export function documentIn(text: string): string | null {
  const id = new RegExp(`\\b(${UUID})\\b`, 'i').exec(text);
  if (id) return id[1]!.toLowerCase();
  const kinds = 'statement of work|sow|contract|msa|agreement|amendment|change order|document|vertrag';
  const named = new RegExp(`\\b([A-Za-z][\\w-]{1,63})(?:['\u2019]s)?\\s+(?:${kinds})\\b`, 'i').exec(text);
  if (named && !NOT_CLIENTS.has(named[1]!.toLowerCase()) && !STOP.has(named[1]!.toLowerCase()))
    return named[1]!.toUpperCase();
  return clientIn(text.replace(/\b(summari[sz]e|summary|document|statement|work|contract|sow|tl;?dr)\b/gi, ''));
}

/** The line a message asks about: "line 3", "line no. 3", "line #3", "3rd line", "the third line", "position 3". */
export function lineIn(n: string): number | null {
  const numbered = /\b(?:line|position|pos\.?|row)\s*(?:no\.?\s*|number\s*|nr\.?\s*|#)?(\d{1,5})\b/.exec(n);
  if (numbered) return Number(numbered[1]);
  const nth = /\b(\d{1,5})(?:st|nd|rd|th|\.)\s+(?:line|position|row)\b/.exec(n);
  if (nth) return Number(nth[1]);
  const word = new RegExp(`\\b(${ORDINALS.join('|')})\\s+(?:invoice\\s+)?(?:line|position|row)\\b`).exec(n);
  if (word) return ORDINALS.indexOf(word[1]!) + 1;
  return null;
}

/** An amount said with an apply verb: "apply 250.00 of payment …", "put USD 1,000 against …". */
function amountIn(text: string): string | null {
  const m =
    /\b(?:apply|applies|put|allocate)\s+(?:[A-Z]{3}\s*)?(\d{1,3}(?:,\d{3})+(?:\.\d{1,3})?|\d+(?:\.\d{1,3})?)\b/i.exec(
      text,
    );
  return m ? m[1]!.replace(/,/g, '') : null;
}

/** A question about an invoice's state rather than a request: "is DRAFT-… void now?", "has it been voided?". */
function isStateQuestion(n: string): boolean {
  if (/\bwhy\b|n't\b|\bnot\b|\bwarum\b|\bpourquoi\b/.test(n)) return false;
  const asked = /\?\s*$/.test(n) || /^\W*(?:so\W+|and\W+)?(?:is|was|has|have|are|ist|est)\b/.test(n);
  return asked && /\b(?:is|was|been|are|ist|est)\b[^.?!]{0,60}\b(?:void|voided)\b/.test(n);
}

/** True when the decision word at `at` is asked about rather than asked for: "what do I need to approve?". */
function asksAbout(n: string, at: number): boolean {
  const before = n.slice(0, at);
  return new RegExp(
    '\\b(waits?|waiting|pending|inbox|queue|what|which|who|whom|anything|something|is there|are there|' +
      'need to|have to|got to|do i|should i|must i|am i|for me to|how (?:do|can|many|much))\\b',
  ).test(before);
}

/** Reads a message as one of the common requests. */
export function readIntent(text: string, today: Date): Intent {
  const t = text.trim();
  const n = normalise(t);
  const refs = invoiceRefsIn(t);
  const ref = refs[0] ?? null;
  if (/^(help|\?|what can you do|what do you do|how do (?:i|you) use you)/.test(n)) return { kind: 'help' };
  const mentions = mentionsIn(t);

  // Decisions are a person's: asked of the copilot, they are refused and recorded. Asked about, they are the inbox.
  const decision = FAMILY.decision.exec(n) ?? FAMILY.decisionWithObject.exec(n);
  if (decision && !asksAbout(n, decision.index)) return { kind: 'decision', what: decision[1] ?? decision[2]!, ref };

  // "Apply payment <id> to NWUS-…", "put it against …": cash application, a person's decision; the copilot asks
  // policy (which refuses it today) and reads the suggestions.
  const paymentNamed = new RegExp(`\\bpayments?\\s+(?:id\\s+)?#?(${UUID})`, 'i').exec(t)?.[1]?.toLowerCase() ?? null;
  const target = refs.find((r) => r !== paymentNamed) ?? null;
  if (
    FAMILY.applyCash.test(n) &&
    (paymentNamed || FAMILY.payments.test(n)) &&
    target &&
    /\b(to|against|on|onto|auf|gegen|zu|à|sur)\b/.test(n)
  )
    return { kind: 'apply_payment', paymentId: paymentNamed, ref: target, amount: amountIn(t) };

  // "Is it done?", "what happened to my request?", "is DRAFT-… void now?": what became of an earlier request.
  if (FAMILY.status.test(n) || (ref && isStateQuestion(n))) return { kind: 'status', ref, requestIds: [] };

  // "What could payment <id> pay?", "suggest invoices for payment <id>": cash-application suggestions;
  // a person applies them.
  const paymentId = new RegExp(`\\bpayments?\\s+(?:id\\s+)?#?(${UUID})\\b`, 'i').exec(t)?.[1];
  if (paymentId && /\b(suggest\w*|could|match\w*|apply|applied|which invoices?|where)\b/.test(n))
    return { kind: 'payment_suggestions', paymentId: paymentId.toLowerCase() };

  if (/\bvoid\b/.test(n) && ref) {
    const reason = /\b(?:because|reason:?|as|since|due to)\s+(.+)$/i.exec(t)?.[1]?.trim();
    return { kind: 'void_invoice', ref, reason: reason || 'asked through the copilot' };
  }
  // Undoing an invoice in other words is never guessed into a void: the person is asked to say so.
  if (FAMILY.cancel.exec(n) && ref && !/\b(reminder|run)\b/.test(n)) return clarify('ask.voidWords', { ref });

  const chase = FAMILY.chase.exec(n);
  if (chase && !/\bremind(?:ing)? (?:me|us)\b/.test(n)) {
    const client = clientIn(t);
    // "Who should I chase?": the overdue list, not one client's reminder.
    if (!client && /\b(who|which|whom)\b/.test(n)) return { kind: 'overdue', client: null, mentions };
    if (client || mentions.length) return { kind: 'reminder', client, mentions };
    // "Draft a reminder for NWUS-2026-0001": the reminder of that invoice's client.
    if (ref) return { kind: 'reminder', client: null, mentions, ref };
    if (!ref) return clarify('ask.reminderClient');
  }

  if (FAMILY.dso.test(n)) return { kind: 'dso', asOf: asOfIn(n, today), withExceptions: FAMILY.exceptions.test(n) };
  if (FAMILY.exceptions.test(n) && FAMILY.pastSla.test(n)) return { kind: 'exceptions_past_sla' };

  const whoShould = FAMILY.whoShould.test(n) && (FAMILY.review.test(n) || /\bsecond (?:pair of )?eyes\b/.test(n));
  if (whoShould && ref) return { kind: 'reviewer', ref };
  if (whoShould && /\b(invoice|draft|bill)s?\b/.test(n)) return clarify('ask.reviewerInvoice');

  if (FAMILY.summarise.test(n)) return { kind: 'summarise', document: documentIn(t), mentions };

  if (
    FAMILY.payments.test(n) &&
    !ref &&
    !FAMILY.overdue.test(n) &&
    (FAMILY.unapplied.test(n) || /\b(list|show|which|what|any|recent|received|zeig\w*|welche)\b/.test(n))
  )
    return { kind: 'payments', client: clientIn(t), unapplied: FAMILY.unapplied.test(n) };

  if (FAMILY.overdue.test(n) && !ref) return { kind: 'overdue', client: clientIn(t), mentions };

  if (ref && FAMILY.held.test(n)) return { kind: 'why_held', ref };
  const lineNo = lineIn(n);
  if (ref && lineNo !== null) return { kind: 'explain_line', ref, lineNo };

  if (FAMILY.inbox.test(n) && (/\b(my|me|i|mine|myself)\b/.test(n) || /\b(pending|waiting|queue|inbox)\b/.test(n)))
    return { kind: 'my_approvals' };

  if (FAMILY.billingRun.test(n)) {
    const period = periodIn(n, today);
    if (period) return { kind: 'billing_run', period };
    const q = quarterIn(n, today);
    return q
      ? clarify('ask.runMonthOfQuarter', {
          quarter: q.quarter,
          year: q.year,
          example: `${q.year}-${String(q.quarter * 3).padStart(2, '0')}`,
        })
      : clarify('ask.runMonth');
  }

  const model = /\b(forecast|predict|compare|comparison|trend|why did|what if|should we)\b/.exec(n);
  if (model) return { kind: 'needs_model', what: model[1]! };
  if (whoShould) return { kind: 'needs_model', what: 'who should review' };
  if (ref) return { kind: 'show_invoice', ref };
  if (FAMILY.held.test(n) && /\b(invoice|draft|bill)s?\b/.test(n) && /\bwhy\b/.test(n))
    return clarify('ask.heldInvoice');
  if (lineNo !== null) return clarify('ask.lineInvoice', { n: lineNo });
  return { kind: 'unknown' };
}
