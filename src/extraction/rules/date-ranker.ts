import { sentenceAt, type Found, type RuleContext } from './context.ts';
import { addMonthsToDate, findDates } from './dates.ts';
import weightsJson from './date-ranker.weights.json' with { type: 'json' };
import { around, type LinearModel, scoreOf, sigmoid } from './ranker-features.ts';

/**
 * A trained ranker over the dates of a document, for the fields the rules' phrase lists keep missing on new authors'
 * documents: the effective date and the end date. Each occurrence of a date is described by the words around it (the
 * document's own words and the rules' English reading of them, cut to five letters so "wirksam", "vigueur" and
 * "effective" are features whatever their inflection), where it stands (after a label's colon, in a table row, first
 * or last in the document) and what it is (the earliest or latest date, repeated, a month's first or last day, before
 * or after the effective date already read). A logistic regression scores each occurrence; a date's score is its best
 * occurrence's. Trained by `evals/extraction/date-ranker/train.ts` on the spent splits, leave-one-author-out measured
 * there; deterministic (fixed weights, no randomness). Used only where the rules found nothing.
 */
export type RankedField = 'effectiveDate' | 'endDate';

export type RankerModel = LinearModel;
export type RankerWeights = Record<RankedField, RankerModel> & { threshold: number };

export interface DateCandidate {
  iso: string;
  start: number;
  end: number;
  features: string[];
}

const lastDayOfMonth = (iso: string): boolean => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate() === d;
};

/** Every date occurrence of the document's current text with its features. */
export function dateCandidates(ctx: RuleContext, effective: string | null): DateCandidate[] {
  const found = findDates(ctx.current, ctx.dateOrder);
  if (found.length === 0) return [];
  const isos = found.map((f) => f.iso).sort();
  const earliest = isos[0];
  const latest = isos.at(-1);
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.iso, (counts.get(f.iso) ?? 0) + 1);
  return found.map((f, i) => {
    const lineStart = ctx.current.lastIndexOf('\n', f.start - 1) + 1;
    const lineEndAt = ctx.current.indexOf('\n', f.end);
    const line = ctx.current.slice(lineStart, lineEndAt < 0 ? ctx.current.length : lineEndAt);
    const lead = ctx.current.slice(lineStart, f.start);
    const o = ctx.toOriginal(f.start);
    const oe = Math.max(o, ctx.toOriginal(f.end));
    const features = [
      ...around('', ctx.original, o, oe),
      ...around('r', ctx.current, f.start, f.end),
      `order:${i < 3 ? i : 'later'}`,
      `pos:${Math.min(4, Math.floor((5 * f.start) / Math.max(1, ctx.current.length)))}`,
      i === found.length - 1 ? 'last' : '',
      /:\s*\**\s*$/.test(lead) || /:[^:]{0,30}$/.test(lead) ? 'colon' : '',
      /[|\t]/.test(line) ? 'table' : '',
      /^\s*#/.test(line) ? 'heading' : '',
      lead.trim().length < 4 ? 'line-start' : '',
      f.iso === earliest ? 'earliest' : '',
      f.iso === latest ? 'latest' : '',
      (counts.get(f.iso) ?? 0) > 1 ? 'repeated' : '',
      f.iso.endsWith('-01') ? 'first-of-month' : '',
      lastDayOfMonth(f.iso) ? 'last-of-month' : '',
      effective === null
        ? 'no-effective'
        : f.iso === effective
          ? 'is-effective'
          : f.iso < effective
            ? 'before-effective'
            : 'after-effective',
    ].filter(Boolean);
    return { iso: f.iso, start: f.start, end: f.end, features };
  });
}

/** The best date for a field and its probability, or null when no date clears the threshold. */
export function rankDates(
  candidates: readonly DateCandidate[],
  model: RankerModel,
  threshold: number,
): (Found<string> & { probability: number }) | null {
  let best: (Found<string> & { probability: number }) | null = null;
  for (const c of candidates) {
    const p = sigmoid(scoreOf(model, c.features));
    if (best === null || p > best.probability) best = { value: c.iso, start: c.start, end: c.end, probability: p };
  }
  return best && best.probability >= threshold ? best : null;
}

/** An end the ranker may propose: more than a month after the effective date (a nearer date is a signature or a step). */
export const plausibleEnd = (iso: string, effective: string | null): boolean =>
  effective === null || iso > addMonthsToDate(effective, 1);

export const RANKER_WEIGHTS = weightsJson as unknown as RankerWeights;

/** The committed model's pick for a field, as an inferred value (confidence 0.6). */
export function rankedDate(
  ctx: RuleContext,
  field: RankedField,
  effective: string | null,
  weights: RankerWeights = RANKER_WEIGHTS,
  exclude: ReadonlySet<string> = new Set(),
): Found<string> | null {
  const candidates = dateCandidates(ctx, effective).filter(
    (c) => !exclude.has(c.iso) && (field !== 'endDate' || plausibleEnd(c.iso, effective)),
  );
  const best = rankDates(candidates, weights[field], weights.threshold);
  if (!best) return null;
  // Quoted from the start of its sentence (or the 60 characters before it on its line, in a long one).
  const sentence = sentenceAt(ctx, best.start).start;
  const line = ctx.current.lastIndexOf('\n', best.start - 1) + 1;
  const start = best.start - sentence <= 200 ? sentence : Math.max(line, best.start - 60);
  return { value: best.value, start, end: best.end, confidence: 0.6 };
}
