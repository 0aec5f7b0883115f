import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractWithRules } from '../../../src/extraction/rules/extract-rules.ts';
import {
  AMOUNT_FIELDS,
  amountCandidates,
  CAP_FIELDS,
  CAP_KIND,
  type CapField,
  capPeriod,
  identifierCandidates,
  overriding,
  rankValues,
  samePoNumber,
  type ValueCandidate,
  type ValueField,
  type ValueModel,
  type ValueWeights,
  VALUE_WEIGHTS,
} from '../../../src/extraction/rules/value-ranker.ts';
import type { SowTerms } from '../../../src/extraction/sow-terms.ts';
import { extractText } from '../../../src/extraction/text/extract-text.ts';
import { loadSplit, REPO_ROOT, type Split, spentAuthors } from '../corpus.ts';
import { prf, scoreTerms, type Counts } from '../score.ts';
import { fitLogistic } from './logistic.ts';

/**
 * Trains the value rankers (src/extraction/rules/value-ranker.ts: recurring fee, retainer fee, minimum commitment,
 * purchase order number) and measures each leave-one-author-out: for each author, a model trained on every other
 * author's documents fills the field where the rules left it empty in that author's documents, scored with and without
 * it. A field is enabled in the written weights only when, summed over the held-out authors, it gained F1 and no
 * author lost (the rule the extractor's changes are kept by).
 *
 *   npx tsx evals/extraction/value-ranker/train.ts [--verbose] [--write | --write-only] [--enable=a,b] [--keep=a,b]
 *     [--keep-override] [--out=FILE]
 *
 * Text form of the spent splits only. Deterministic: full-batch gradient descent from zero weights in a fixed order.
 */
export const AUTHORS = spentAuthors('v18-blind');
const FIELDS: ValueField[] = [...AMOUNT_FIELDS, 'poNumber', ...CAP_FIELDS];
/** The fields whose rules value the ranker may override (a cap of a kind the rules found is kept). */
const OVERRIDABLE: ValueField[] = [...AMOUNT_FIELDS, 'poNumber'];
/** The override thresholds tried, held out by author; the field keeps the one that gained most with no author losing. */
const OVERRIDE_GRID = [0.6, 0.7, 0.8, 0.9, 0.95];
/** Fixed before measuring (not tuned on the held-out figures). */
export const THRESHOLD = 0.5;

interface Doc {
  author: string;
  id: string;
  terms: SowTerms;
  truth: Record<string, unknown>;
  candidates: Record<ValueField, ValueCandidate[]>;
}

type Periodic = { amount: string; period: string } | null;
const num = (v: unknown): number => Number(String(v ?? '').replace(/,/g, ''));
type CapLike = { kind: string; amount?: unknown; period?: unknown; percentOfFees?: unknown };
const isCap = (field: ValueField): field is CapField => (CAP_FIELDS as readonly string[]).includes(field);
const capsOf = (caps: unknown, field: CapField): CapLike[] =>
  ((caps ?? []) as CapLike[]).filter((c) => c.kind === CAP_KIND[field]);
const truthOf = (d: { truth: Record<string, unknown> }, field: ValueField): unknown =>
  isCap(field) ? capsOf(d.truth.caps, field) : (d.truth[field] ?? null);
const isPositive = (field: ValueField, c: ValueCandidate, truth: unknown): boolean => {
  if (truth === null || truth === undefined) return false;
  if (isCap(field)) return (truth as CapLike[]).some((t) => t.amount !== undefined && num(t.amount) === num(c.value));
  if (field === 'poNumber') return c.value.toLowerCase() === String(truth).trim().toLowerCase();
  const t = truth as { amount: unknown; period: unknown };
  return num(c.value) === num(t.amount) && c.period === t.period;
};

const docs: Doc[] = [];
for (const [author, splits] of Object.entries(AUTHORS)) {
  for (const split of splits) {
    for (const d of loadSplit(split).documents) {
      const r = await extractText(new TextEncoder().encode(d.source), { maxBytes: 50 * 1024 * 1024, maxPages: 1000 });
      if (!r.ok) throw new Error(d.id);
      const { terms, context } = extractWithRules(r.value, { valueRanker: false });
      const amounts = amountCandidates(context);
      docs.push({
        author,
        id: `${split}/${d.id}`,
        terms,
        truth: d.truth,
        candidates: {
          recurringFee: amounts,
          retainer: amounts,
          minimumCommitment: amounts,
          poNumber: identifierCandidates(context, terms.reference),
          capNotToExceed: amounts,
          capExpenses: amounts,
        },
      });
    }
  }
}

function train(field: ValueField, training: Doc[]): ValueModel {
  return fitLogistic(
    training.map((d) =>
      d.candidates[field].map((c) => ({ features: c.features, y: isPositive(field, c, truthOf(d, field)) })),
    ),
  );
}

/** What the rules found for a field, as the scorer compares it. */
const rulesValue = (d: Doc, field: ValueField): unknown =>
  isCap(field) ? capsOf(d.terms.caps, field) : ((d.terms as unknown as Record<string, unknown>)[field] ?? null);

/**
 * The terms' fields with the rules' empty ones filled by the models, as the extractor fills them: a fee only where the
 * rules found neither a retainer nor a recurring fee (the better-scored of the two when both clear the threshold).
 */
export function fill(d: Doc, models: ValueWeights): Record<ValueField, unknown> {
  const out = Object.fromEntries(FIELDS.map((f) => [f, rulesValue(d, f)])) as Record<ValueField, unknown>;
  const pick = (field: ValueField, taken?: Set<number>) => {
    const model = models[field];
    if (!model || !models.enabled.includes(field)) return null;
    const cs =
      field === 'poNumber'
        ? d.candidates.poNumber.filter((c) => c.value !== d.terms.reference)
        : taken
          ? d.candidates[field].filter((c) => !taken.has(num(c.value)))
          : d.candidates[field].filter((c) => c.period !== null);
    return rankValues(cs, model, models.threshold);
  };
  if (out.recurringFee === null && out.retainer === null) {
    const fee = pick('recurringFee');
    const ret = pick('retainer');
    if (ret && (!fee || ret.probability > fee.probability)) out.retainer = { amount: ret.value, period: ret.period };
    else if (fee) out.recurringFee = { amount: fee.value, period: fee.period };
  }
  if (out.minimumCommitment === null) {
    const m = pick('minimumCommitment');
    if (m) out.minimumCommitment = { amount: m.value, period: m.period };
  }
  if (out.poNumber === null) out.poNumber = pick('poNumber')?.value ?? null;
  for (const f of CAP_FIELDS) {
    if ((out[f] as CapLike[]).length > 0) continue;
    const taken = new Set(
      [
        ...((d.terms.caps ?? []) as CapLike[]),
        ...CAP_FIELDS.flatMap((g) => (g === f ? [] : (out[g] as CapLike[]))),
      ].map((c) => num(c.amount)),
    );
    const c = pick(f, taken);
    if (c) out[f] = [{ kind: CAP_KIND[f], amount: c.value, period: capPeriod(c), percentOfFees: null }];
  }
  // Where the rules found a value the ranker scores poorly and it is confident in another, it overrides.
  for (const f of OVERRIDABLE) {
    const had = rulesValue(d, f);
    if (had === null || !models.override?.[f]) continue;
    const cs =
      f === 'poNumber'
        ? d.candidates.poNumber.filter((c) => c.value !== d.terms.reference)
        : d.candidates[f].filter((c) => c.period !== null);
    const o = overriding(
      f,
      (c) =>
        f === 'poNumber' ? samePoNumber(c.value, String(had)) : same(f, { amount: c.value, period: c.period }, had),
      cs,
      models,
    );
    if (o) out[f] = f === 'poNumber' ? o.value : { ...(had as object), amount: o.value, period: o.period };
  }
  return out;
}

const same = (field: ValueField, got: unknown, want: unknown): boolean => {
  if (field === 'poNumber') return String(got).trim().toLowerCase() === String(want).trim().toLowerCase();
  const g = got as Periodic;
  const w = want as Periodic;
  return g !== null && w !== null && num(g.amount) === num(w.amount) && g.period === w.period;
};
const scalar = (field: ValueField, got: unknown, want: unknown): Counts => {
  if (isCap(field)) return scoreTerms({ caps: got }, { caps: want }).caps ?? zero();
  if (got === null && want === null) return { tp: 0, fp: 0, fn: 0 };
  if (got !== null && want !== null && same(field, got, want)) return { tp: 1, fp: 0, fn: 0 };
  return { tp: 0, fp: got === null ? 0 : 1, fn: want === null ? 0 : 1 };
};
const add = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const f1 = (c: Counts): string => prf(c).f1.toFixed(3);

const verbose = process.argv.includes('--verbose');
const modelCache = new Map<string, ValueWeights>();
/** Models trained on every author but one, every field enabled, no override. */
function heldOutModels(author: string): ValueWeights {
  let m = modelCache.get(author);
  if (!m) {
    const training = docs.filter((d) => d.author !== author);
    m = { threshold: THRESHOLD, enabled: FIELDS };
    for (const f of FIELDS) m[f] = train(f, training);
    modelCache.set(author, m);
  }
  return m;
}
const perField = <T>(make: () => T): Record<ValueField, T> =>
  Object.fromEntries(FIELDS.map((f) => [f, make()])) as Record<ValueField, T>;
const all = perField(() => ({ before: zero(), after: zero(), lost: [] as string[] }));
if (!process.argv.includes('--write-only')) {
  console.log('leave-one-author-out (text form), each field: rules → rules + ranker (every field enabled)');
  for (const author of Object.keys(AUTHORS)) {
    const models = heldOutModels(author);
    const row = perField(() => ({ before: zero(), after: zero() }));
    const notes: string[] = [];
    for (const d of docs.filter((x) => x.author === author)) {
      const after = fill(d, models);
      for (const f of FIELDS) {
        const b = scalar(f, rulesValue(d, f), truthOf(d, f));
        const a = scalar(f, after[f], truthOf(d, f));
        row[f].before = add(row[f].before, b);
        row[f].after = add(row[f].after, a);
        if (JSON.stringify(after[f]) !== JSON.stringify(rulesValue(d, f)))
          notes.push(
            `    ${d.id} ${f}: ${JSON.stringify(rulesValue(d, f))} → ${JSON.stringify(after[f])} (truth ${JSON.stringify(truthOf(d, f))})`,
          );
      }
    }
    const cells = FIELDS.map((f) => {
      all[f].before = add(all[f].before, row[f].before);
      all[f].after = add(all[f].after, row[f].after);
      if (prf(row[f].after).f1 < prf(row[f].before).f1) all[f].lost.push(author);
      return `${f} ${f1(row[f].before)} → ${f1(row[f].after)}`;
    });
    console.log(`  held out ${author.padEnd(9)} ${cells.join('  ')}`);
    if (verbose && notes.length) console.log(notes.join('\n'));
  }
  for (const f of FIELDS)
    console.log(
      `  all held out ${f.padEnd(18)} ${f1(all[f].before)} → ${f1(all[f].after)} (tp ${all[f].before.tp} → ${all[f].after.tp}, fp ${all[f].before.fp} → ${all[f].after.fp})${all[f].lost.length ? `; lost on ${all[f].lost.join(', ')}` : ''}`,
    );
}

/**
 * The override thresholds, calibrated held out by author: for each overridable field and threshold, the filled
 * values with overriding against those without; a field keeps the threshold that gained most with no author losing.
 */
const override: Partial<Record<ValueField, number>> = {};
if (!process.argv.includes('--write-only')) {
  console.log('override, held out by author: fill → fill + override (threshold: F1, authors lost)');
  for (const f of OVERRIDABLE) {
    let best: { t: number; gain: number } | null = null;
    const line: string[] = [];
    for (const t of OVERRIDE_GRID) {
      let before = zero();
      let after = zero();
      const lost: string[] = [];
      const notes: string[] = [];
      for (const author of Object.keys(AUTHORS)) {
        const models = heldOutModels(author);
        let b = zero();
        let a = zero();
        for (const d of docs.filter((x) => x.author === author)) {
          const x = fill(d, models)[f];
          const y = fill(d, { ...models, override: { [f]: t } })[f];
          b = add(b, scalar(f, x, truthOf(d, f)));
          a = add(a, scalar(f, y, truthOf(d, f)));
          if (JSON.stringify(x) !== JSON.stringify(y))
            notes.push(
              `    ${d.id}: ${JSON.stringify(x)} → ${JSON.stringify(y)} (truth ${JSON.stringify(truthOf(d, f))})`,
            );
        }
        if (prf(a).f1 < prf(b).f1) lost.push(author);
        before = add(before, b);
        after = add(after, a);
      }
      const gain = prf(after).f1 - prf(before).f1;
      line.push(`${t}: ${f1(before)} → ${f1(after)}${lost.length ? ` lost ${lost.join(',')}` : ''}`);
      if (verbose && notes.length) line.push(`\n${notes.join('\n')}\n`);
      if (gain > 1e-9 && lost.length === 0 && (!best || gain > best.gain + 1e-9)) best = { t, gain };
    }
    console.log(`  ${f.padEnd(18)} ${line.join('  ')}`);
    if (best) override[f] = best.t;
  }
  console.log(`  override thresholds: ${JSON.stringify(override)}`);
}

if (process.argv.some((a) => a.startsWith('--write'))) {
  // Enabled: the fields that gained held out by author with no author losing (measured above, or given with --enable).
  const given = process.argv.find((a) => a.startsWith('--enable='));
  // --write-only measures nothing, so it keeps the committed list.
  const enabled = given
    ? (given.slice('--enable='.length).split(',').filter(Boolean) as ValueField[])
    : process.argv.includes('--write-only')
      ? VALUE_WEIGHTS.enabled
      : FIELDS.filter((f) => prf(all[f].after).f1 > prf(all[f].before).f1 && all[f].lost.length === 0);
  // --keep=a,b keeps the committed models of fields whose retrain lost an author held out; --keep-override keeps the
  // committed override thresholds (where dropping one loses a document the calibration calls a tie).
  const keep = (process.argv
    .find((a) => a.startsWith('--keep='))
    ?.slice('--keep='.length)
    .split(',') ?? []) as ValueField[];
  const final: ValueWeights = {
    threshold: THRESHOLD,
    enabled,
    override:
      process.argv.includes('--write-only') || process.argv.includes('--keep-override')
        ? (VALUE_WEIGHTS.override ?? {})
        : override,
  };
  for (const f of FIELDS) final[f] = keep.includes(f) ? VALUE_WEIGHTS[f] : train(f, docs);
  const out =
    process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ??
    path.join(REPO_ROOT, 'src/extraction/rules/value-ranker.weights.json');
  writeFileSync(out, `${JSON.stringify(final)}\n`);
  console.log(`wrote ${out}: enabled ${enabled.join(', ') || 'none'}`);
}
