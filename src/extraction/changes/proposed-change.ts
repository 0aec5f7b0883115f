import { buildContext, quoteOf, type RuleContext } from '../rules/context.ts';
import { findDates } from '../rules/dates.ts';
import { findMoney } from '../rules/money.ts';
import { COUNT, formatAmount, parseCount, parseNumber } from '../rules/numbers.ts';
import { isKnownCurrency, minorUnits } from '../../shared/currency.ts';
import type { SowTerms } from '../sow-terms.ts';
import type { DocumentText } from '../text/document-text.ts';

/**
 * A change an amendment or change order proposes to the contract. It is a proposal only: applying
 * it to a contract is a separate, approved write (policy decides who may), never a side effect of
 * reading the document.
 */
export interface ProposedContractChange {
  status: 'proposed';
  /** The SowTerms field that changes: rates, endDate, effectiveDate, caps.not_to_exceed, recurringFee.amount, retainer.amount, minimumCommitment.amount, paymentTerms.netDays, lateFee.percent, taxRatePercent. */
  field: string;
  /** Which item of a list field, e.g. the role of a rate. */
  key: string | null;
  /** The value before the change as the document states it; null when the document does not say (a new role). */
  from: string | null;
  to: string;
  /** When the change takes effect: the document's effective date. */
  effectiveDate: string | null;
  quote: string;
  page: number | null;
}

const MONEY_FIELDS = new Set(['rates', 'caps.not_to_exceed', 'recurringFee.amount', 'retainer.amount', 'minimumCommitment.amount']);

type Kind = 'money' | 'date' | 'percent' | 'days';
interface Value {
  kind: Kind;
  value: string;
  start: number;
}

const CHANGE_WORDS = /\b(?:from\b[\s\S]{0,80}?\bto|increase[sd]?|decrease[sd]?|extend(?:s|ed)?|change[sd]?|amend(?:s|ed)?|replace[sd]?|revise[sd]?|adjust(?:s|ed)?|raise[sd]?|reduce[sd]?|added|new)\b|\((?:was|previously|formerly)\b|^\s*previously\b/i;

function valuesIn(ctx: RuleContext, start: number, end: number): Value[] {
  const text = ctx.text.slice(start, end);
  const out: Value[] = [];
  for (const m of findMoney(text, ctx.numberStyle, start)) out.push({ kind: 'money', value: m.amount, start: m.start });
  for (const d of findDates(text, ctx.dateOrder, start)) out.push({ kind: 'date', value: d.iso, start: d.start });
  for (const m of text.matchAll(/(\d{1,3}(?:[.,]\d+)?)\s?%/g)) out.push({ kind: 'percent', value: String(parseNumber(m[1] ?? '')), start: start + (m.index ?? 0) });
  for (const m of text.matchAll(new RegExp(`(${COUNT})\\s+(?:calendar\\s+)?days`, 'gi'))) {
    const n = parseCount(m[1] ?? '');
    if (n !== null) out.push({ kind: 'days', value: String(n), start: start + (m.index ?? 0) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The field a change sentence is about, from its words and the type of its values. */
function fieldOf(sentence: string, kind: Kind): { field: string; key: string | null } | null {
  const s = sentence.toLowerCase();
  if (kind === 'money') {
    if ((/\brate\b/.test(s) || /\bper\s+(?:hour|day)\b|\/\s?(?:hour|day|h)\b/.test(s)) && !/\binterest\b/.test(s)) {
      const role = /\brates?\s+for\s+(?:the\s+)?((?:[A-Z][\w&/-]*\s*){1,5}?)(?:\s+role|\s+set\s+out|\s+is|\s+are|\s+increases?|\s+changes?|[,(])/.exec(sentence)?.[1] ?? /\b((?:[A-Z][\w&/-]*\s+){0,4}[A-Z][\w&/-]*)\s+role\b/.exec(sentence)?.[1] ?? null;
      return { field: 'rates', key: role ? role.replace(/^(?:The|A|An|New)\s+/, '').trim() : null };
    }
    if (/not[- ]to[- ]exceed|\bcap\b|ceiling|budget|maximum/.test(s)) return { field: 'caps.not_to_exceed', key: null };
    if (/retainer/.test(s)) return { field: 'retainer.amount', key: null };
    if (/minimum/.test(s)) return { field: 'minimumCommitment.amount', key: null };
    if (/\bfee\b|charge|remuneration|compensation/.test(s)) return { field: 'recurringFee.amount', key: null };
    return null;
  }
  if (kind === 'date') {
    if (/\bend\b|expir|term\b|extend|until|completion/.test(s)) return { field: 'endDate', key: null };
    if (/start|commence|effective/.test(s)) return { field: 'effectiveDate', key: null };
    return null;
  }
  if (kind === 'percent') {
    if (/late|interest|overdue/.test(s)) return { field: 'lateFee.percent', key: null };
    if (/\b(?:vat|gst|hst|tax)\b/.test(s)) return { field: 'taxRatePercent', key: null };
    return null;
  }
  if (/pay|invoice/.test(s)) return { field: 'paymentTerms.netDays', key: null };
  return null;
}

/** The current value of a field in the extracted terms, as a string. */
function currentValue(terms: SowTerms, field: string): string | null {
  switch (field) {
    case 'paymentTerms.netDays':
      return terms.paymentTerms.netDays === null ? null : String(terms.paymentTerms.netDays);
    case 'lateFee.percent':
      return terms.lateFee ? String(terms.lateFee.percent) : null;
    case 'endDate':
      return terms.endDate;
    case 'taxRatePercent':
      return terms.taxRatePercent === null ? null : String(terms.taxRatePercent);
    default:
      return null;
  }
}

/**
 * The changes an amendment or change order proposes: "increases from £950 to £1,025", "is
 * increased to $210 per hour (was $195 per hour)", "until December 31, 2026 (previously June 30,
 * 2026)", "Previously, invoices were payable within sixty (60) days", "a new role is added at …".
 * Each comes with the quote and page it was read from. Other documents propose nothing.
 */
export function findProposedChanges(doc: DocumentText, terms: SowTerms): ProposedContractChange[] {
  if (terms.documentType !== 'amendment' && terms.documentType !== 'change_order') return [];
  const ctx = buildContext(doc);
  const out: ProposedContractChange[] = [];
  const digits = terms.currency && isKnownCurrency(terms.currency) ? minorUnits(terms.currency) : null;
  const money = (v: string | null): string | null => (v === null ? null : formatAmount(v, digits));
  const push = (field: { field: string; key: string | null }, from: string | null, to: string | null, start: number, end: number): void => {
    if (to === null || from === to) return;
    if (MONEY_FIELDS.has(field.field)) {
      from = money(from);
      to = money(to) ?? to;
    }
    if (out.some((c) => c.field === field.field && c.key === field.key && c.to === to)) return;
    out.push({ status: 'proposed', ...field, from, to, effectiveDate: terms.effectiveDate, ...quoteOf(ctx, start, end) });
  };
  for (const s of ctx.sentences) {
    const sentence = ctx.text.slice(s.start, s.end);
    // "Change Order" and "Change Request" name the document; they are not change language.
    if (!CHANGE_WORDS.test(sentence.replace(/\bchange\s+(?:order|request)s?\b/gi, '')) || /\bremains?\b|\bunchanged\b/i.test(sentence)) continue;
    const values = valuesIn(ctx, s.start, s.end);
    const inOld = (v: Value): boolean => ctx.supersededSpans.some((sp) => v.start >= sp.start && v.start < sp.end);
    for (const kind of ['money', 'date', 'percent', 'days'] as const) {
      const ofKind = values.filter((v) => v.kind === kind);
      if (ofKind.length === 0) continue;
      const field = fieldOf(sentence, kind);
      if (!field) continue;
      const old = ofKind.filter(inOld);
      const current = ofKind.filter((v) => !inOld(v));
      const fromTo = /\bfrom\b([\s\S]*?)\bto\b/i.exec(sentence);
      if (old.length && current.length) push(field, old[0]?.value ?? null, current[0]?.value ?? null, s.start, s.end);
      else if (old.length && /^\s*previously\b/i.test(sentence)) push(field, old[0]?.value ?? null, currentValue(terms, field.field), s.start, s.end);
      else if (fromTo && ofKind.length >= 2) push(field, ofKind[0]?.value ?? null, ofKind[1]?.value ?? null, s.start, s.end);
      else if (/\b(?:added|new)\b/i.test(sentence) && current.length === 1) push(field, null, current[0]?.value ?? null, s.start, s.end);
      else if (kind !== 'date' && /\b(?:increase|decrease|change|amend|revise|adjust|raise|reduce)\w*\b/i.test(sentence.replace(/\bchange\s+(?:order|request)s?\b/gi, '')) && current.length === 1) push(field, null, current[0]?.value ?? null, s.start, s.end);
    }
  }
  return out;
}
