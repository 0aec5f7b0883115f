/**
 * The built-in router's reading of a message: which common request it is and its arguments. Pure;
 * no model. Words it does not recognise are an `unknown` intent, answered plainly (answer-intent.ts).
 */
export type Intent =
  | { kind: 'overdue'; client: string | null }
  | { kind: 'why_held'; ref: string }
  | { kind: 'explain_line'; ref: string; lineNo: number }
  | { kind: 'show_invoice'; ref: string }
  | { kind: 'my_approvals' }
  | { kind: 'reminder'; client: string }
  | { kind: 'exceptions_past_sla' }
  | { kind: 'dso'; asOf: string; withExceptions: boolean }
  | { kind: 'summarise'; document: string | null }
  | { kind: 'reviewer'; ref: string }
  | { kind: 'billing_run'; period: string }
  | { kind: 'void_invoice'; ref: string; reason: string }
  | { kind: 'decision'; what: string; ref: string | null }
  | { kind: 'needs_model'; what: string }
  | { kind: 'help' }
  | { kind: 'unknown' };

const REF =
  /\b(DRAFT-[0-9A-F]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Z][A-Z0-9]*-(?=[A-Z0-9-]*\d)[A-Z0-9-]*[A-Z0-9])\b/i;
const NOT_CLIENTS = new Set([
  'ME',
  'MY',
  'THE',
  'A',
  'AN',
  'THIS',
  'THAT',
  'ALL',
  'CLIENT',
  'CLIENTS',
  'INVOICE',
  'INVOICES',
  'PERIOD',
  'MONTH',
  'APPROVAL',
  'SLA',
  'PO',
  'USD',
  'EUR',
  'GBP',
  'I',
  'IT',
  'THEM',
  'US',
  'OUR',
  'THEIR',
  'OLDEST',
  'EVERY',
  'ANY',
  'OVERDUE',
  'UNPAID',
  'PAST',
  'DUE',
  'LATE',
  'NOW',
  'TODAY',
  'PAYMENT',
  'PAYMENTS',
  'WORK',
]);
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** An invoice reference in the text: a number (NWUS-2026-0001), a DRAFT- reference or an id. */
export function invoiceRefIn(text: string): string | null {
  const m = REF.exec(text);
  if (!m) return null;
  // A period (2026-10) or a date is not an invoice.
  return /^\d{4}-\d{2}(-\d{2})?$/.test(m[1]!) ? null : m[1]!;
}

/** A client code in the text: the word after "for", "client", "of" or "to", or a capitalised code. */
export function clientIn(text: string): string | null {
  for (const m of text.matchAll(/\b(?:for|client|of|to|from|chase|remind)\s+([A-Za-z][\w-]{1,63})/gi)) {
    const c = m[1]!.toUpperCase();
    if (!NOT_CLIENTS.has(c) && !invoiceRefIn(c)) return c;
  }
  for (const m of text.matchAll(/\b([A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)\b/g)) {
    const c = m[1]!;
    if (!NOT_CLIENTS.has(c) && !/\d{4}/.test(c)) return c;
  }
  return null;
}

/** A billing period in the text: 2026-10, "October 2026", "this month" or "last month" (from today). */
export function periodIn(text: string, today: Date): string | null {
  const iso = /\b(\d{4})-(0[1-9]|1[0-2])\b/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}`;
  const named = new RegExp(`\\b(${MONTHS.join('|')})\\s+(\\d{4})\\b`, 'i').exec(text);
  if (named) return `${named[2]}-${String(MONTHS.indexOf(named[1]!.toLowerCase()) + 1).padStart(2, '0')}`;
  const shift = /\bthis month\b/i.test(text) ? 0 : /\blast month\b/i.test(text) ? -1 : null;
  if (shift === null) return null;
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + shift, 1));
  return d.toISOString().slice(0, 7);
}

/** The day a receivables figure is as of: the end of last month when asked for it, else today (YYYY-MM-DD). */
export function asOfIn(lower: string, today: Date): string {
  if (/\blast month\b/.test(lower))
    return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0)).toISOString().slice(0, 10);
  return today.toISOString().slice(0, 10);
}

/** The document a message names: its id, or else a client code (that client's newest document). */
export function documentIn(text: string): string | null {
  const id = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(text);
  if (id) return id[1]!;
  const named =
    /\b([A-Za-z][\w-]{1,63})(?:'s)?\s+(?:statement of work|sow|contract|msa|agreement|amendment|change order|document)\b/i.exec(
      text,
    );
  if (named && !NOT_CLIENTS.has(named[1]!.toUpperCase())) return named[1]!.toUpperCase();
  return clientIn(text.replace(/\b(summari[sz]e|summary|document|statement|work|contract|sow)\b/gi, ''));
}

/** Reads a message as one of the common requests. */
export function readIntent(text: string, today: Date): Intent {
  const t = text.trim();
  const lower = t.toLowerCase();
  const ref = invoiceRefIn(t);
  if (/^(help|\?|what can you do)/.test(lower)) return { kind: 'help' };
  // Decisions are a person's: asked of the copilot, they are refused and recorded.
  const decision = /\b(approve|grant|reject|resolve|record (?:a )?payment|mark .* paid|write[- ]off)\b/.exec(lower);
  if (decision && !/\b(waits?|waiting|pending|inbox|what|which|who|anything|need to|have to|do i)\b/.test(lower))
    return { kind: 'decision', what: decision[1]!, ref };
  if (/\bvoid\b/.test(lower) && ref) {
    const reason = /\b(?:because|reason:?|as)\s+(.+)$/i.exec(t)?.[1]?.trim();
    return { kind: 'void_invoice', ref, reason: reason || 'asked through the copilot' };
  }
  if (/\bremind(er)?\b|\bdunning\b|\bchase\b/.test(lower)) {
    const client = clientIn(t);
    if (client) return { kind: 'reminder', client };
  }
  if (/\bdso\b|days sales outstanding/.test(lower))
    return { kind: 'dso', asOf: asOfIn(lower, today), withExceptions: /\bexceptions?\b/.test(lower) };
  if (/\bexceptions?\b/.test(lower) && /\b(sla|past|overdue|late|breach)/.test(lower))
    return { kind: 'exceptions_past_sla' };
  if (
    ref &&
    /\b(who should|who (?:can|could|ought to)|recommend|suggest)\b/.test(lower) &&
    /\b(review|approve|check|look at|sign)/.test(lower)
  )
    return { kind: 'reviewer', ref };
  if (/\b(summari[sz]e|summary of|sum up|tl;?dr)\b/.test(lower)) return { kind: 'summarise', document: documentIn(t) };
  if (/\b(overdue|past due|late|unpaid|outstanding)\b/.test(lower) && !ref)
    return { kind: 'overdue', client: clientIn(t) };
  if (ref && /\b(held|hold|blocked|stuck)\b/.test(lower)) return { kind: 'why_held', ref };
  const line = /\bline\s*(?:no\.?\s*|#)?(\d{1,5})\b/i.exec(t);
  if (ref && line) return { kind: 'explain_line', ref, lineNo: Number(line[1]) };
  if (/\b(approv\w*|inbox|sign[- ]off)\b/.test(lower) && /\b(my|me|i)\b/.test(lower)) return { kind: 'my_approvals' };
  if (/\b(run billing|billing run|bill (?:the )?(?:period|month))\b/.test(lower)) {
    const period = periodIn(t, today);
    if (period) return { kind: 'billing_run', period };
  }
  if (/\b(who should review|recommend|forecast|why did|compare|trend)\b/.test(lower))
    return {
      kind: 'needs_model',
      what: lower.match(/\b(who should review|recommend|forecast|why did|compare|trend)\b/)![1]!,
    };
  if (ref) return { kind: 'show_invoice', ref };
  return { kind: 'unknown' };
}
