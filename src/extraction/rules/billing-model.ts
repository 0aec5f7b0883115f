import type { BillingModel, DocumentType } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { matches } from './context.ts';
import { findMoney } from './money.ts';

export interface ModelSignals {
  documentType: DocumentType;
  rates: Found<unknown>[];
  recurringFee: Found<unknown> | null;
  milestones: Found<unknown>[];
  retainer: Found<unknown> | null;
  usageTiers: Found<unknown>[];
}

const TM = /\btime[- ]and[- ]materials?\b|\btime\s*&\s*materials?\b/gi;
/**
 * A fixed price or flat charge: "fixed fee", "lump sum", "a flat hosting charge of …", and a German "-pauschale"
 * compound that names the service ("Wartungspauschale", "Betriebspauschale"), not a flat rate for expenses.
 */
const FIXED =
  /\b(?:firm[- ])?fixed[- ](?:price|fee)\b|\bflat\s+(?:[a-z-]+\s+){0,2}?(?:fee|charge)s?\b|\blump[- ]sum\b|(?<![\p{L}])(?!(?:reise|spesen|kilometer|km|fahrt|fahr|auslagen|neben|material|verpflegung|übernachtung|tages|stunden)\p{L}*pauschale)\p{L}+pauschale(?![\p{L}])/giu;

/** Whether the document prices the work at a fixed price or lump sum ("for a fixed price of £64,800.00"). */
export function statesFixedPrice(ctx: RuleContext): boolean {
  for (const m of matches(ctx, FIXED)) if (/\d/.test(ctx.current.slice(m.index, m.index + 160))) return true;
  return false;
}

/**
 * The billing model from what was found: rates → time and materials, a recurring fee or a stated
 * fixed price → fixed fee (a fixed price paid by milestones is milestone), milestones, retainer,
 * usage tiers; two or more → blended. A retainer's own periodic fee ("monthly flat fee", "Pauschale")
 * is the retainer, not a fixed fee beside it. Amendments and change orders set no billing model: they
 * change terms of a contract whose model they do not restate, so a changed rate or fee says nothing
 * about how the whole contract bills.
 */
export function decideBillingModel(ctx: RuleContext, s: ModelSignals): Found<BillingModel> | null {
  if (s.documentType === 'amendment' || s.documentType === 'change_order') return null;
  const tm = matches(ctx, TM).next().value;
  const fixed = matches(ctx, FIXED).next().value;
  const span = (m: RegExpExecArray | { start: number; end: number }): { start: number; end: number } =>
    'index' in m ? { start: m.index, end: m.index + m[0].length } : { start: m.start, end: m.end };
  const parts = new Map<BillingModel, { start: number; end: number }>();
  if (tm) parts.set('time_and_materials', span(tm));
  else if (s.rates[0]) parts.set('time_and_materials', span(s.rates[0]));
  if (s.milestones[0]) parts.set('milestone', span(s.milestones[0]));
  if (s.recurringFee) parts.set('fixed_fee', span(s.recurringFee));
  else if (fixed && !s.milestones[0] && !s.retainer) parts.set('fixed_fee', span(fixed));
  if (s.retainer) parts.set('retainer', span(s.retainer));
  if (s.usageTiers[0]) parts.set('usage', span(s.usageTiers[0]));
  const entries = [...parts.entries()].sort((a, b) => a[1].start - b[1].start);
  const first = entries[0];
  if (!first) return modelByMeaning(ctx);
  if (entries.length === 1) return { value: first[0], ...first[1] };
  return { value: 'blended', ...first[1] };
}

/** Units of time and work: a price per one of them is a rate or a fee, not a price per unit of use. */
const TIME_UNIT =
  /^(?:hours?|hrs?|days?|weeks?|months?|quarters?|years?|annum|person|man|persons?|consultants?|stunden?|tage?s?|monat\p{L}*|jahr\p{L}*|heures?|jours?|mois|an|année|semaines?|trimestres?|m\/[dm]|pt|jt|jh)$/iu;
/** A pool of hours bought for a period, in English, German and French: the retainer's own words. */
const HOURS_POOL =
  /(?<![\p{L}])(?:retainer|\p{L}*kontingent|(?:bag|bank|block|pool|bundle)\s+of\s+(?:\d+\s+)?hours|banque\s+d['’]heures|contingent\s+d['’]heures|forfait\s+d['’]heures)(?![\p{L}])/iu;

/**
 * The billing model by the document's meaning where no priced value was read: prices per one unit of use written
 * two or more times ("JD 0.045 per transaction", "0,19 € je Sendung", "1,20 € par réservation") bill by usage; a pool
 * of hours bought each period ("Stundenkontingent", "bank of hours", "banque d'heures") beside a periodic amount is a
 * retainer. Inferred: confidence 0.6.
 */
function modelByMeaning(ctx: RuleContext): Found<BillingModel> | null {
  const perUnit = new Map<string, { count: number; start: number; end: number }>();
  for (const money of findMoney(ctx.current, ctx.numberStyle)) {
    const after = /^\s*(?:per|je|pro|par|each|a|an|\/)\s*(\p{L}[\p{L}-]*)/u.exec(
      ctx.current.slice(money.end, money.end + 40),
    );
    const unit = after?.[1]?.toLowerCase();
    if (!unit || TIME_UNIT.test(unit)) continue;
    const cur = perUnit.get(unit) ?? { count: 0, start: money.start, end: money.end + (after?.[0].length ?? 0) };
    cur.count += 1;
    perUnit.set(unit, cur);
  }
  const usage = [...perUnit.values()].find((u) => u.count >= 2);
  if (usage) return { value: 'usage', start: usage.start, end: usage.end, confidence: 0.6 };
  const pool = HOURS_POOL.exec(ctx.current);
  if (pool && /\b(?:per|each|every)\s+(?:calendar\s+)?(?:month|quarter)\b|\bmonthly\b/i.test(ctx.current))
    return { value: 'retainer', start: pool.index, end: pool.index + pool[0].length, confidence: 0.6 };
  return null;
}
