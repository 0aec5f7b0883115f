/**
 * Deterministic scoring of SowTerms against truth: precision, recall and F1 per field and overall.
 * Scalars score one unit each (a wrong value is a false positive and a false negative); list fields
 * (rates, milestones, usage tiers, caps) match items one-to-one and score each item.
 */

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type FieldCounts = Record<string, Counts>;

// Truth files come from outside the code (JSON); they are read loosely.
type Loose = Record<string, unknown>;

const SCALARS = [
  'documentType',
  'reference',
  'effectiveDate',
  'endDate',
  'billingModel',
  'currency',
  'poNumber',
  'taxRatePercent',
  'invoiceFrequency',
];

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const sameNum = (a: unknown, b: unknown): boolean =>
  num(a) === num(b) || (num(a) !== null && num(b) !== null && Math.abs((num(a) ?? 0) - (num(b) ?? 0)) < 1e-9);
const words = (s: string): string[] =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));

/** Names match when one's words contain the other's, or they share at least 60% of their words. */
export function sameName(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return a === b;
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  if (wa.size === 0 || wb.size === 0) return false;
  const inter = [...wa].filter((w) => wb.has(w)).length;
  if (inter === Math.min(wa.size, wb.size)) return true;
  return inter / new Set([...wa, ...wb]).size >= 0.6;
}

const same = (field: string, a: unknown, b: unknown): boolean => {
  if (field === 'taxRatePercent' || field === 'paymentTerms.netDays') return sameNum(a, b);
  if (field === 'reference' || field === 'poNumber')
    return String(a).trim().toLowerCase() === String(b).trim().toLowerCase();
  if (field.startsWith('parties.')) return sameName(a, b);
  return a === b;
};

function scalar(
  counts: FieldCounts,
  field: string,
  predicted: unknown,
  truth: unknown,
  eq: (a: unknown, b: unknown) => boolean = (a, b) => same(field, a, b),
): void {
  const c = (counts[field] ??= { tp: 0, fp: 0, fn: 0 });
  const p = predicted === undefined ? null : predicted;
  const t = truth === undefined ? null : truth;
  if (p === null && t === null) return;
  if (p !== null && t !== null && eq(p, t)) c.tp++;
  else {
    if (p !== null) c.fp++;
    if (t !== null) c.fn++;
  }
}

function list(
  counts: FieldCounts,
  field: string,
  predicted: unknown,
  truth: unknown,
  eq: (p: Loose, t: Loose) => boolean,
): void {
  const c = (counts[field] ??= { tp: 0, fp: 0, fn: 0 });
  const preds = Array.isArray(predicted) ? (predicted as Loose[]) : [];
  const truths = Array.isArray(truth) ? (truth as Loose[]) : [];
  const used = new Set<number>();
  for (const t of truths) {
    const i = preds.findIndex((p, j) => !used.has(j) && eq(p, t));
    if (i >= 0) {
      used.add(i);
      c.tp++;
    } else c.fn++;
  }
  c.fp += preds.length - used.size;
}

/** Optional truth keys (rate currency, effectiveFrom) are compared only when the truth states them. */
const optional = (p: Loose, t: Loose, key: string): boolean =>
  t[key] === undefined || t[key] === null || p[key] === t[key];
const nullish = (v: unknown): unknown => (v === undefined ? null : v);

/** Scores one document's predicted terms against its truth. */
export function scoreTerms(predicted: Loose, truth: Loose): FieldCounts {
  const counts: FieldCounts = {};
  for (const f of SCALARS) scalar(counts, f, predicted[f], truth[f]);
  const pt = (predicted.paymentTerms ?? {}) as Loose;
  const tt = (truth.paymentTerms ?? {}) as Loose;
  scalar(counts, 'paymentTerms.netDays', pt.netDays, tt.netDays);
  scalar(counts, 'paymentTerms.basis', pt.basis, tt.basis);
  // The shared dev truth leaves parties unlabelled (null); parties are scored only where labelled.
  if (truth.parties && typeof truth.parties === 'object') {
    const pp = (predicted.parties ?? {}) as Loose;
    const tp = truth.parties as Loose;
    scalar(counts, 'parties.client', pp.client, tp.client);
    scalar(counts, 'parties.provider', pp.provider, tp.provider);
  }
  const periodic = (p: unknown, t: unknown): boolean =>
    sameNum((p as Loose).amount, (t as Loose).amount) && (p as Loose).period === (t as Loose).period;
  scalar(counts, 'recurringFee', predicted.recurringFee, truth.recurringFee, periodic);
  scalar(counts, 'minimumCommitment', predicted.minimumCommitment, truth.minimumCommitment, periodic);
  scalar(
    counts,
    'lateFee',
    predicted.lateFee,
    truth.lateFee,
    (p, t) => sameNum((p as Loose).percent, (t as Loose).percent) && (p as Loose).period === (t as Loose).period,
  );
  const pr = (predicted.retainer ?? null) as Loose | null;
  const tr = (truth.retainer ?? null) as Loose | null;
  scalar(counts, 'retainer', pr, tr, periodic);
  for (const k of ['includedHours', 'overageRate', 'rolloverHoursMax', 'overageApprovalThresholdPercent']) {
    scalar(counts, `retainer.${k}`, pr ? nullish(pr[k]) : null, tr ? nullish(tr[k]) : null, sameNum);
  }
  list(
    counts,
    'rates',
    predicted.rates,
    truth.rates,
    (p, t) =>
      sameName(p.role, t.role) &&
      sameNum(p.amount, t.amount) &&
      p.unit === t.unit &&
      optional(p, t, 'currency') &&
      optional(p, t, 'effectiveFrom'),
  );
  list(
    counts,
    'milestones',
    predicted.milestones,
    truth.milestones,
    (p, t) =>
      sameName(p.name, t.name) &&
      sameNum(p.amount, t.amount) &&
      sameNum(p.percent, t.percent) &&
      nullish(p.dueDate) === nullish(t.dueDate),
  );
  list(
    counts,
    'usageTiers',
    predicted.usageTiers,
    truth.usageTiers,
    (p, t) => sameNum(p.from, t.from) && sameNum(p.upTo, t.upTo) && sameNum(p.unitPrice, t.unitPrice),
  );
  list(
    counts,
    'caps',
    predicted.caps,
    truth.caps,
    (p, t) =>
      p.kind === t.kind &&
      sameNum(p.amount, t.amount) &&
      nullish(p.period) === nullish(t.period) &&
      sameNum(p.percentOfFees, t.percentOfFees),
  );
  return counts;
}

/** Adds counts field by field. */
export function addCounts(into: FieldCounts, more: FieldCounts): FieldCounts {
  for (const [f, c] of Object.entries(more)) {
    const t = (into[f] ??= { tp: 0, fp: 0, fn: 0 });
    t.tp += c.tp;
    t.fp += c.fp;
    t.fn += c.fn;
  }
  return into;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Precision, recall and F1 of counts; an empty side counts as perfect (nothing claimed, nothing missed). */
export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: c.tp + c.fn };
}

/** Micro-averaged total over all fields. */
export function overall(counts: FieldCounts): Prf {
  return prf(
    Object.values(counts).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), {
      tp: 0,
      fp: 0,
      fn: 0,
    }),
  );
}
