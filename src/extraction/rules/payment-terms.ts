import type { PaymentBasis } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { matches, sentenceAt } from './context.ts';
import { COUNT, parseCount } from './numbers.ts';

export interface PaymentTermsFound {
  netDays: Found<number> | null;
  basis: Found<PaymentBasis> | null;
}

const PAY = '(?:pay|paid|payable|payment|due|settle\\w*|remit\\w*)';
/** A count as written, also a number word the dictionary does not know before its digits: "soixante (60)". */
const DAYS_COUNT = `(?:${COUNT}|\\p{L}+(?:[ -]\\p{L}+)?\\s*\\(\\s*\\d{1,4}\\s*\\))`;
const WITHIN = new RegExp(
  `\\b${PAY}\\b[^.;]{0,160}?\\bwithin\\s+(${DAYS_COUNT})\\s+(?:calendar\\s+|business\\s+|working\\s+)?days?\\s+(?:of|after|from|following)\\s+([^.;"”]{0,90})`,
  'giu',
);
const WITHIN_INVOICE = new RegExp(
  `\\bwithin\\s+(${COUNT})\\s+(?:calendar\\s+)?days?\\s+(?:of|after|from|following)\\s+((?:the\\s+)?(?:date\\s+of\\s+(?:the\\s+)?|receipt\\s+of\\s+(?:the\\s+|an?\\s+)?|receiving\\s+(?:the\\s+|an?\\s+)?)?invoice[^.;"”]{0,60})`,
  'gi',
);
const DAYS_FROM = new RegExp(
  `\\b(?:payable|due|paid)\\s+(?:in\\s+full\\s+)?(${COUNT})\\s+(?:calendar\\s+)?days?\\s+(?:of|after|from|following)\\s+([^.;"”]{0,90})`,
  'gi',
);
const DAYS_EOM = new RegExp(
  `\\b(${COUNT})\\s+days?\\s+(?:(?:from\\s+|after\\s+)?(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?month|EOM|fin\\s+de\\s+mois)\\b`,
  'gi',
);
const NET = /\bnet\s*(\d{1,3})\b(?:\s*(?:calendar\s+)?days?)?([^.;]{0,80})|\b(\d{1,3})\s+days\s+net\b([^.;]{0,80})/gi;
const EOFM =
  /\b(?:by\s+|at\s+|on\s+)?the\s+end\s+of\s+the\s+(?:calendar\s+)?month\s+following\s+the\s+(?:calendar\s+)?month\s+(?:in\s+which|of)\b[^.;]{0,60}|\bend\s+of\s+the\s+following\s+month\b/gi;
/**
 * "payable on the 20th of the month following the date of invoice", "due on the 20th of the month after the invoice
 * date": a fixed day of a later month, counted from no end of month (basis other, no days). The same day after "the
 * month of invoice" is read either way by different authors (end of month plus 20, or other) and is left unread.
 */
const DAY_AFTER_INVOICE_DATE =
  /\b(?:on|by)\s+the\s+\d{1,2}(?:st|nd|rd|th)\s+(?:day\s+)?of\s+the\s+(?:calendar\s+)?month\s+(?:following|after)\s+the\s+(?:date\s+of\s+(?:the\s+)?invoice|invoice\s+date)\b/gi;
const LAST_DAY = /\bpayable\s+on\s+the\s+last\s+day\s+of\s+(?:each|every|the)\s+(?:calendar\s+)?month\b/gi;
const OTHER =
  /\bpayable\s+(?:in|by)\b[^.;]{0,60}\binstal?lments?\b|\bpayable\s+in\s+accordance\s+with\s+[^.;]{0,40}\bpayroll\s+schedule\b/gi;

/**
 * A payment period changed by an amendment: "the payment period is shortened from 30 days to 21 days", "le délai de
 * paiement passe de 30 jours à 45 jours", "Zahlungsfrist von 30 auf 20 Tage" (after the lexicon: days, payment).
 */
const CHANGED = new RegExp(
  `\\bpayment\\b[^.;\\n]{0,60}?\\b(?:from|de|von)\\s+(${COUNT})(?:\\s+days?)?\\s+(?:to|à|auf|within)\\s+(${COUNT})\\s+days?\\b([^.;"”]{0,90})`,
  'gi',
);
/** "within 20 instead of 30 days", "innert 20 statt 30 Tagen", "dans un délai de 20 au lieu de 30 jours": the first is new. */
const INSTEAD = new RegExp(
  `\\bwithin\\s+(${COUNT})\\s+(?:instead\\s+of|rather\\s+than|statt|anstelle\\s+von|au\\s+lieu\\s+de)\\s+${COUNT}\\s+days?\\b`,
  'gi',
);
/** The old wording an amendment quotes before the new: '"within 45 days …" becomes "within 30 days …"'. */
const QUOTED_OLD =
  /["“„«]\s*([^"”“«»\n]{1,160}?)\s*["”“»]\s+(?:becomes|is\s+replaced\s+by|shall\s+be\s+replaced\s+by|is\s+amended\s+to(?:\s+read)?|is\s+changed\s+to|wird\s+(?:ersetzt\s+durch|zu)|devient|est\s+remplacée?\s+par)\s+["“„«]/gi;

/** Not an invoice-payment term: payments on termination, final statements, claims, deliverable acceptance. */
const NOT_INVOICE =
  /\b(?:terminat\w*|final\s+statement|final\s+payment|completion|deliverables?|notice|breach|claims?|release)\b/i;

/** What the days count from, from the words after them. */
export function basisOf(phrase: string): PaymentBasis | null {
  const p = phrase.toLowerCase();
  if (/end\s+of\s+the\s+(?:calendar\s+)?month\s+following|following\s+month/.test(p)) return 'end_of_following_month';
  // "end of month", French "fin de mois" (kept by the lexicon: "60 days of the invoice date fin de mois").
  if (/end\s+of\s+(?:the\s+|each\s+)?(?:calendar\s+)?month|\bfin\s+de\s+mois\b/.test(p)) return 'end_of_month';
  // "delivery of a correctly issued VAT invoice": the invoice reaching the client.
  if (/receipt|receiv|delivery\s+of\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}invoice|réception\s+d/.test(p))
    return 'receipt';
  // The invoice's own date, however named: "date of issue", "its issue", "issue date", "issuance", "the bill".
  if (/invoice|invoicing|billing\s+date|\bissu(?:e|ed|ance)\b|\bdate\s+of\s+(?:the\s+)?bill\b/.test(p))
    return 'invoice_date';
  return null;
}

/**
 * Payment terms: "within N days of/after <invoice>" and "net N" with the basis from the words that
 * follow; else "end of the month following the month of invoice", "payable on the last day of each
 * month", or an instalment or payroll schedule (basis "other"). Terms for payments on termination
 * or a final statement are not invoice terms and are skipped.
 */
export function findPaymentTerms(ctx: RuleContext): PaymentTermsFound {
  for (const re of [CHANGED, INSTEAD]) {
    const m = matches(ctx, re, 'text').next().value;
    const n = m ? parseCount(m[re === CHANGED ? 2 : 1] ?? '') : null;
    if (m && n !== null && n > 0 && n <= 365) {
      const span = { start: m.index, end: m.index + m[0].length };
      const basis = re === CHANGED ? basisOf(m[3] ?? '') : null;
      if (basis) return { netDays: { value: n, ...span }, basis: { value: basis, ...span } };
      // The basis the new term states elsewhere (a clause quoted in full with the same days), else none.
      const stated = readTerms(ctx);
      return { netDays: { value: n, ...span }, basis: stated.netDays?.value === n ? stated.basis : null };
    }
  }
  return readTerms(ctx);
}

/** Payment terms stated as such (not as a change from old to new days). */
function readTerms(ctx: RuleContext): PaymentTermsFound {
  const quotedOld = [...ctx.current.matchAll(QUOTED_OLD)].map((q) => ({ start: q.index, end: q.index + q[0].length }));
  const days: Array<{ n: number; basis: PaymentBasis | null; start: number; end: number }> = [];
  for (const re of [WITHIN, WITHIN_INVOICE, DAYS_FROM]) {
    for (const m of matches(ctx, re)) {
      const tail = m[2] ?? '';
      const sentence = ctx.current.slice(sentenceAt(ctx, m.index).start, sentenceAt(ctx, m.index).end);
      const aboutInvoice =
        /invoice|\bbill\b|^\s*(?:the\s+)?receipt\s*$/i.test(tail) ||
        (/^\s*(?:the\s+|its\s+)?(?:date\s+of\s+)?receipt\b/i.test(tail) && /invoice/i.test(sentence));
      if (!aboutInvoice || (NOT_INVOICE.test(tail) && !/invoice/i.test(tail))) continue;
      const n = parseCount(m[1] ?? '');
      if (n === null || n <= 0 || n > 365) continue;
      const within = m[0].toLowerCase().indexOf('within');
      const start = within >= 0 ? m.index + within : m.index;
      days.push({ n, basis: basisOf(tail), start, end: m.index + m[0].length });
    }
  }
  for (const m of matches(ctx, DAYS_EOM)) {
    const n = parseCount(m[1] ?? '');
    if (n !== null && n > 0 && n <= 365)
      days.push({ n, basis: 'end_of_month', start: m.index, end: m.index + m[0].length });
  }
  for (const m of matches(ctx, NET)) {
    const n = Number(m[1] ?? m[3]);
    if (!(n > 0 && n <= 365)) continue;
    days.push({ n, basis: basisOf(m[2] ?? m[4] ?? ''), start: m.index, end: m.index + m[0].length });
  }
  days.sort((a, b) => a.start - b.start);
  const best = days.find((d) => !quotedOld.some((q) => d.start >= q.start && d.start < q.end)) ?? days[0];
  if (best) {
    const span = { start: best.start, end: best.end };
    return { netDays: { value: best.n, ...span }, basis: best.basis ? { value: best.basis, ...span } : null };
  }
  // Any other "N days <basis>" in a sentence about paying invoices: "payment: 14 days of the invoice date",
  // "the payment term remains 30 days after the invoice date".
  for (const s of ctx.sentences) {
    const sentence = ctx.current.slice(s.start, s.end);
    if (
      !/\b(?:pay\w*|due|maturity|matures?|fällig\p{L}*|Fälligkeit|zahlbar|échéances?|exigibles?)(?![\p{L}])/iu.test(
        sentence,
      ) ||
      /\b(?:notice|terminat\w*)\b/i.test(sentence)
    )
      continue;
    const m = new RegExp(`\\b(${COUNT})\\s+(?:calendar\\s+)?days?\\b\\s*(?:net\\b\\s*)?([^.;]{0,80})`, 'i').exec(
      sentence,
    );
    if (!m) continue;
    const n = parseCount(m[1] ?? '');
    const basis = basisOf(m[2] ?? '');
    if (
      n === null ||
      n <= 0 ||
      n > 365 ||
      (!basis && !/\bnet\b/i.test(m[0])) ||
      (NOT_INVOICE.test(m[2] ?? '') && !/invoice/i.test(m[2] ?? ''))
    )
      continue;
    const span = { start: s.start + m.index, end: s.start + m.index + m[0].length };
    // Days and basis read from a loose sentence, not a payment clause: likely, not certain.
    return {
      netDays: { value: n, ...span, confidence: 0.7 },
      basis: basis ? { value: basis, ...span, confidence: 0.7 } : null,
    };
  }
  for (const [re, basis] of [
    [EOFM, 'end_of_following_month'],
    [LAST_DAY, 'end_of_month'],
    [DAY_AFTER_INVOICE_DATE, 'other'],
    [OTHER, 'other'],
  ] as const) {
    const m = matches(ctx, re).next().value;
    if (m) return { netDays: null, basis: { value: basis, start: m.index, end: m.index + m[0].length } };
  }
  return { netDays: null, basis: null };
}
