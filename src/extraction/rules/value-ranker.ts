import { sentenceAt, type Found, type RuleContext } from './context.ts';
import { findMoney } from './money.ts';
import { findTables, type Table } from './tables.ts';
import { periodOf } from './units.ts';
import weightsJson from './value-ranker.weights.json' with { type: 'json' };
import { around, type LinearModel, scoreOf, sigmoid, tokens } from './ranker-features.ts';

/**
 * Trained rankers over the money amounts and the identifiers of a document, for the fields whose phrase lists keep
 * missing on new authors' documents: which amount is the recurring fee, the retainer's fee or the minimum commitment,
 * and which identifier is the purchase order number. Like the date ranker (date-ranker.ts), each candidate is
 * described by general features: the words around it in the document's language and in the rules' English reading of
 * them (cut to five letters, so "monatlich", "mensuel" and "monthly" are features whatever their inflection), the
 * header of its table column and the label of its row, the period words after it, where it stands and what it looks
 * like. A logistic regression scores each candidate; a value's score is its best occurrence's. Trained by
 * `evals/extraction/value-ranker/train.ts` on the spent splits (deterministic, leave-one-author-out measured there);
 * used only where the rules found nothing and only for the fields where it beat the rules held out by author.
 */
export type AmountField = 'recurringFee' | 'retainer' | 'minimumCommitment';
/** A cap's amount, one ranker per kind of money cap (a not-to-exceed on fees, a cap on expenses). */
export type CapField = 'capNotToExceed' | 'capExpenses';
export type ValueField = AmountField | 'poNumber' | CapField;
export const AMOUNT_FIELDS: readonly AmountField[] = ['recurringFee', 'retainer', 'minimumCommitment'];
export const CAP_FIELDS: readonly CapField[] = ['capNotToExceed', 'capExpenses'];
export const CAP_KIND: Record<CapField, 'not_to_exceed' | 'expenses'> = {
  capNotToExceed: 'not_to_exceed',
  capExpenses: 'expenses',
};

export type ValueModel = LinearModel;
export type ValueWeights = Partial<Record<ValueField, ValueModel>> & {
  threshold: number;
  /** The fields the extractor fills with the ranker: those that gained held out by author. */
  enabled: ValueField[];
  /**
   * Per field, the probability above which the ranker's best candidate replaces a value the rules found, when the
   * ranker gives the rules' own value less than the threshold (the rules' reading is poorly supported). Set only for
   * the fields where, held out by author, overriding gained with no author losing.
   */
  override?: Partial<Record<ValueField, number>>;
};

export const VALUE_WEIGHTS = weightsJson as unknown as ValueWeights;

export interface ValueCandidate {
  /** The amount as a decimal string, or the identifier as written. */
  value: string;
  /** The period stated with an amount (month, quarter, year), null when none is near it or for an identifier. */
  period: 'month' | 'quarter' | 'year' | null;
  start: number;
  end: number;
  features: string[];
  /** The period a table row states before the amount, in its label cells ("quarterly limit | 240,000 | 285,000"). */
  rowPeriod?: ValueCandidate['period'];
}

/** The table cell a span stands in: its column's header words and its row's first cell. */
function cellFeatures(tables: readonly Table[], text: string, start: number): string[] {
  for (const t of tables) {
    if (start < t.start || start > t.end) continue;
    const row = t.rows.find((r) => start >= r.start && start <= r.end);
    if (!row) return ['table'];
    // The column: the cell whose text holds the span's first characters.
    const probe = text.slice(start, Math.min(row.end, start + 6)).trim();
    const idx = row.cells.findIndex((c) => probe.length > 0 && c.includes(probe));
    const header = idx >= 0 && t.header ? (t.header.cells[idx] ?? '') : '';
    const label = idx > 0 ? (row.cells[0] ?? '') : '';
    return [
      'table',
      idx === 0 ? 'first-cell' : '',
      ...tokens(header).map((w) => `col:${w}`),
      ...tokens(label).map((w) => `row:${w}`),
      ...tokens(t.caption)
        .slice(-6)
        .map((w) => `cap:${w}`),
    ];
  }
  return [];
}

/** The heading of the section an offset is in: "## 3. Fees". */
const headingWords = (text: string, offset: number): string[] => {
  const before = text.slice(Math.max(0, offset - 600), offset);
  const h = [...before.matchAll(/^(?:#{1,6}[ \t]+|\d+(?:\.\d+)*\.?[ \t]+)([^\n]{2,80})$/gm)].at(-1);
  return tokens(h?.[1] ?? '').map((w) => `head:${w}`);
};

const bucket = (n: number): string => {
  if (!Number.isFinite(n) || n <= 0) return 'mag:0';
  return `mag:${Math.min(7, Math.floor(Math.log10(n)))}`;
};

function commonFeatures(ctx: RuleContext, tables: readonly Table[], start: number, end: number, i: number): string[] {
  const o = ctx.toOriginal(start);
  const oe = Math.max(o, ctx.toOriginal(end));
  const lineStart = ctx.current.lastIndexOf('\n', start - 1) + 1;
  const lead = ctx.current.slice(lineStart, start);
  return [
    ...around('', ctx.original, o, oe),
    ...around('r', ctx.current, start, end),
    ...cellFeatures(tables, ctx.current, start),
    ...headingWords(ctx.current, start),
    `order:${i < 3 ? i : 'later'}`,
    `pos:${Math.min(4, Math.floor((5 * start) / Math.max(1, ctx.current.length)))}`,
    /:\s*\**\s*$/.test(lead) || /:[^:]{0,30}$/.test(lead) ? 'colon' : '',
    lead.trim().length < 4 ? 'line-start' : '',
    /^\s*[-*•]|^\s*\d+[.)]\s/.test(lead) ? 'list-item' : '',
  ].filter(Boolean);
}

/** The period stated with an amount: right after it ("per month", "monatlich", "par mois"), else in its sentence. */
function periodNear(ctx: RuleContext, start: number, end: number): { period: ValueCandidate['period']; where: string } {
  const after = ctx.current.slice(end, end + 40);
  const direct = periodOf(/^\s*(?:\([^)]*\)\s*)?(?:[\p{L}.]+\s+){0,3}[\p{L}.]+/u.exec(after)?.[0] ?? '');
  if (direct) return { period: direct, where: 'after' };
  const s = sentenceAt(ctx, start);
  const sentence = periodOf(ctx.current.slice(s.start, s.end));
  if (sentence) return { period: sentence, where: 'sentence' };
  const line = ctx.current.lastIndexOf('\n', start - 1) + 1;
  const heading = periodOf(ctx.current.slice(Math.max(0, line - 200), line));
  return heading ? { period: heading, where: 'before' } : { period: null, where: 'none' };
}

/** Every money amount of the document's current text with its features. */
export function amountCandidates(ctx: RuleContext): ValueCandidate[] {
  // An amount at a line's start right after a digit is the tail of one the text layer wrapped ("3\n850 000 FCFA").
  const found = findMoney(ctx.current, ctx.numberStyle).filter(
    (f) => !/\d[ \t]*\n[ \t]*$/.test(ctx.current.slice(Math.max(0, f.start - 4), f.start)),
  );
  const tables = findTables(ctx);
  const values = found.map((f) => Number(f.amount));
  const max = Math.max(...values);
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.amount, (counts.get(f.amount) ?? 0) + 1);
  return found.map((f, i) => {
    const { period, where } = periodNear(ctx, f.start, f.end);
    const features = [
      ...commonFeatures(ctx, tables, f.start, f.end, i),
      `period:${period ?? 'none'}`,
      `period-${where}`,
      bucket(Number(f.amount)),
      Number(f.amount) === max ? 'largest' : '',
      (counts.get(f.amount) ?? 0) > 1 ? 'repeated' : '',
      f.currency === null ? 'bare-dollar' : '',
      /\.\d*[1-9]/.test(f.amount) ? 'cents' : '',
    ].filter(Boolean);
    const rowPeriod = periodBeforeInRow(tables, ctx.current, f.start);
    return { value: f.amount, period, start: f.start, end: f.end, features, ...(rowPeriod ? { rowPeriod } : {}) };
  });
}

/** The period stated in a table row's text before an offset (its label cells), or null outside a table. */
function periodBeforeInRow(tables: readonly Table[], text: string, start: number): ValueCandidate['period'] {
  for (const t of tables) {
    if (start < t.start || start > t.end) continue;
    const row = t.rows.find((r) => start >= r.start && start <= r.end);
    return row ? periodOf(text.slice(row.start, start)) : null;
  }
  return null;
}

/** An identifier: letters and digits, maybe joined by dashes, slashes or dots, holding a digit, 4 to 30 characters. */
const IDENT = /(?<![\p{L}\d/.-])(?=[\p{L}\d/.-]*\d)[A-Z0-9][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*(?![\p{L}\d/-])/gu;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;

/** Every identifier of the document's current text with its features (the document's own number marked). */
export function identifierCandidates(ctx: RuleContext, reference: string | null): ValueCandidate[] {
  const tables = findTables(ctx);
  const out: ValueCandidate[] = [];
  let i = 0;
  for (const m of ctx.current.matchAll(IDENT)) {
    const id = m[0].replace(/[.]$/, '');
    if (id.length < 4 || id.length > 30 || DATE_LIKE.test(id) || /^(?:19|20)\d\d$/.test(id)) continue;
    // Amounts, percentages and plain counts are not identifiers.
    if (/^\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?$/.test(id) && !/^\d{5,}$/.test(id)) continue;
    // An identifier the text layer wrapped at its dash or slash ("KSA-\nBE-27-0019") is read whole.
    const head = /(?<![\p{L}\d])([A-Z0-9]+[-/])\n$/u.exec(ctx.current.slice(Math.max(0, (m.index ?? 0) - 20), m.index));
    const start = (m.index ?? 0) - (head ? head[0].length : 0);
    const end = (m.index ?? 0) + id.length;
    const value = head ? `${head[1]}${id}` : id;
    const features = [
      ...commonFeatures(ctx, tables, start, end, i++),
      /[A-Za-z]/.test(value) ? 'has-letters' : 'digits-only',
      /[-/]/.test(value) ? 'joined' : '',
      /PO|BC|BANF|LPO|BEST/i.test(value) ? 'order-letters' : '',
      `len:${Math.min(4, Math.floor(value.length / 4))}`,
      reference !== null && value.toLowerCase() === reference.toLowerCase() ? 'is-reference' : '',
    ].filter(Boolean);
    out.push({ value, period: null, start, end, features });
  }
  return out;
}

/** The best candidate and its probability, or null when none clears the threshold. */
export function rankValues(
  candidates: readonly ValueCandidate[],
  model: ValueModel,
  threshold: number,
): (ValueCandidate & { probability: number }) | null {
  let best: (ValueCandidate & { probability: number }) | null = null;
  for (const c of candidates) {
    const p = sigmoid(scoreOf(model, c.features));
    if (best === null || p > best.probability) best = { ...c, probability: p };
  }
  return best && best.probability >= threshold ? best : null;
}

/** The ranker's amount for a periodic field (an amount with a period), as an inferred value (confidence 0.6). */
export function rankedAmount(
  ctx: RuleContext,
  field: AmountField,
  weights: ValueWeights,
  candidates: readonly ValueCandidate[] = amountCandidates(ctx),
): (Found<{ amount: string; period: 'month' | 'quarter' | 'year' }> & { probability: number }) | null {
  const model = weights[field];
  if (!model || !weights.enabled.includes(field)) return null;
  const best = rankValues(
    candidates.filter((c) => c.period !== null),
    model,
    weights.threshold,
  );
  if (!best?.period) return null;
  return {
    value: { amount: best.value, period: best.period },
    ...quoteSpan(ctx, best),
    confidence: 0.6,
    probability: best.probability,
  };
}

/** The ranker's purchase order number, as an inferred value (confidence 0.6). */
export function rankedPoNumber(
  ctx: RuleContext,
  reference: string | null,
  weights: ValueWeights,
): Found<string> | null {
  const model = weights.poNumber;
  if (!model || !weights.enabled.includes('poNumber')) return null;
  const best = rankValues(
    identifierCandidates(ctx, reference).filter((c) => c.value !== reference),
    model,
    weights.threshold,
  );
  return best ? { value: best.value, ...quoteSpan(ctx, best), confidence: 0.6 } : null;
}

/**
 * The ranker's cap of one kind (an amount: the kind's model picks it among every amount of the document), as an
 * inferred value (confidence 0.6). A cap's period is the one stated right after its amount ("per month"), else none.
 */
export function rankedCap(
  ctx: RuleContext,
  field: CapField,
  weights: ValueWeights,
  candidates: readonly ValueCandidate[] = amountCandidates(ctx),
):
  | (Found<{ kind: 'not_to_exceed' | 'expenses'; amount: string; period: ValueCandidate['period'] }> & {
      probability: number;
    })
  | null {
  const model = weights[field];
  if (!model || !weights.enabled.includes(field)) return null;
  const best = rankValues(candidates, model, weights.threshold);
  if (!best) return null;
  return {
    value: { kind: CAP_KIND[field], amount: best.value, period: capPeriod(best) },
    ...quoteSpan(ctx, best),
    confidence: 0.6,
    probability: best.probability,
  };
}

/**
 * A cap candidate's period: one stated right after the amount, or in the label cells of its table row before it
 * ("Quarterly limit | NIS 240,000 | NIS 285,000"); a period elsewhere in its sentence is a fee's, not the cap's.
 */
export const capPeriod = (c: ValueCandidate): ValueCandidate['period'] =>
  c.features.includes('period-after') ? c.period : (c.rowPeriod ?? null);

/**
 * Whether the ranker overrides a value the rules found: its best candidate is another value, scores at least the
 * field's override threshold, and the rules' value (the best of its occurrences, 0 when it is no candidate) scores
 * below the ranker's threshold. Returns the replacing candidate, or null to keep the rules' value.
 */
export function overriding(
  field: ValueField,
  rulesValue: (c: ValueCandidate) => boolean,
  candidates: readonly ValueCandidate[],
  weights: ValueWeights,
): (ValueCandidate & { probability: number }) | null {
  const model = weights[field];
  const bar = weights.override?.[field];
  if (!model || bar === undefined) return null;
  const best = rankValues(candidates, model, bar);
  if (!best || rulesValue(best)) return null;
  const support = Math.max(0, ...candidates.filter(rulesValue).map((c) => sigmoid(scoreOf(model, c.features))));
  return support < weights.threshold ? best : null;
}

/** The ranker's replacement for a periodic amount the rules found (see `overriding`), or null to keep it. */
export function overriddenAmount(
  ctx: RuleContext,
  field: AmountField,
  found: { amount: string; period: 'month' | 'quarter' | 'year' },
  weights: ValueWeights,
  candidates: readonly ValueCandidate[],
): Found<{ amount: string; period: 'month' | 'quarter' | 'year' }> | null {
  const o = overriding(
    field,
    (c) => Number(c.value) === Number(found.amount) && c.period === found.period,
    candidates.filter((c) => c.period !== null),
    weights,
  );
  if (!o?.period) return null;
  return { value: { amount: o.value, period: o.period }, ...quoteSpan(ctx, o), confidence: 0.6 };
}

/**
 * Whether a candidate identifier is the rules' order number: the same, or a part of it ("2027/118" in the rules'
 * "BC 2027/118", which holds a space no identifier candidate does).
 */
export const samePoNumber = (candidate: string, found: string): boolean =>
  found.toLowerCase().includes(candidate.toLowerCase());

/** The ranker's replacement for a purchase order number the rules found (see `overriding`), or null to keep it. */
export function overriddenPoNumber(
  ctx: RuleContext,
  found: string,
  reference: string | null,
  weights: ValueWeights,
): Found<string> | null {
  if (weights.override?.poNumber === undefined) return null;
  const o = overriding(
    'poNumber',
    (c) => samePoNumber(c.value, found),
    identifierCandidates(ctx, reference).filter((c) => c.value !== reference),
    weights,
  );
  return o ? { value: o.value, ...quoteSpan(ctx, o), confidence: 0.6 } : null;
}

/** Quoted from the start of its sentence (or the 60 characters before it on its line, in a long one). */
function quoteSpan(ctx: RuleContext, c: { start: number; end: number }): { start: number; end: number } {
  const sentence = sentenceAt(ctx, c.start).start;
  const line = ctx.current.lastIndexOf('\n', c.start - 1) + 1;
  return { start: c.start - sentence <= 200 ? sentence : Math.max(line, c.start - 60), end: c.end };
}
