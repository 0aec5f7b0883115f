import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findProposedChanges } from '../../../src/extraction/changes/proposed-change.ts';
import {
  dateCandidates,
  plausibleEnd,
  rankDates,
  type DateCandidate,
  type RankedField,
  type RankerModel,
  type RankerWeights,
} from '../../../src/extraction/rules/date-ranker.ts';
import { extractWithRules } from '../../../src/extraction/rules/extract-rules.ts';
import { deadlineDates } from '../../../src/extraction/rules/term-dates.ts';
import type { SowTerms } from '../../../src/extraction/sow-terms.ts';
import type { DocumentText } from '../../../src/extraction/text/document-text.ts';
import { extractText } from '../../../src/extraction/text/extract-text.ts';
import { loadSplit, REPO_ROOT, type Split, spentAuthors } from '../corpus.ts';
import { prf, type Counts } from '../score.ts';
import { scoreChanges } from '../score-changes.ts';

/**
 * Trains the date ranker (src/extraction/rules/date-ranker.ts) and measures it leave-one-author-out: for each author,
 * a model trained on every other author's documents fills the dates the rules left empty in that author's documents,
 * and the effective date, end date and proposed changes are scored with and without it. Then one model is trained on
 * every author and written to date-ranker.weights.json.
 *
 *   npx tsx evals/extraction/date-ranker/train.ts [--verbose] [--write | --write-only]
 *
 * Text form of the spent splits only (never an unspent blind split). Deterministic: full-batch gradient descent from
 * zero weights in a fixed order, so the same documents give the same weights.
 */
const AUTHORS = spentAuthors('v9-blind');
const FIELDS: RankedField[] = ['effectiveDate', 'endDate'];
/** Fixed before measuring (not tuned on the held-out figures). */
export const THRESHOLD = 0.5;
const EPOCHS = 300;
const RATE = 0.5;
const L2 = 0.001;
const MIN_DOCS = 2;

interface Doc {
  author: string;
  id: string;
  terms: SowTerms;
  truth: Record<string, unknown>;
  changes: Array<Record<string, unknown>> | null;
  text: DocumentText;
  candidates: Record<RankedField, DateCandidate[]>;
  ctx: ReturnType<typeof extractWithRules>['context'];
}

const docs: Doc[] = [];
for (const [author, splits] of Object.entries(AUTHORS)) {
  for (const split of splits) {
    for (const d of loadSplit(split).documents) {
      const r = await extractText(new TextEncoder().encode(d.source), { maxBytes: 50 * 1024 * 1024, maxPages: 1000 });
      if (!r.ok) throw new Error(d.id);
      const { terms, context } = extractWithRules(r.value, { dateRanker: false });
      docs.push({
        author,
        id: d.id,
        terms,
        truth: d.truth,
        changes: d.changes,
        text: r.value,
        ctx: context,
        candidates: {
          effectiveDate: dateCandidates(context, null),
          endDate: dateCandidates(context, terms.effectiveDate),
        },
      });
    }
  }
}

/** Logistic regression over the candidates of the given documents; a candidate is positive when its date is the truth. */
function train(field: RankedField, training: Doc[]): RankerModel {
  const docCount = new Map<string, number>();
  for (const d of training)
    for (const f of new Set(d.candidates[field].flatMap((c) => c.features)))
      docCount.set(f, (docCount.get(f) ?? 0) + 1);
  const names = [...docCount]
    .filter(([, n]) => n >= MIN_DOCS)
    .map(([f]) => f)
    .sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const rows = training.flatMap((d) =>
    d.candidates[field].map((c) => ({
      x: c.features.flatMap((f) => (index.has(f) ? [index.get(f) as number] : [])),
      y: c.iso === d.truth[field] ? 1 : 0,
    })),
  );
  const w = new Float64Array(names.length);
  let bias = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const g = new Float64Array(names.length);
    let gb = 0;
    for (const { x, y } of rows) {
      const p = 1 / (1 + Math.exp(-(bias + x.reduce((s, i) => s + (w[i] ?? 0), 0))));
      const e = p - y;
      gb += e;
      for (const i of x) g[i] = (g[i] ?? 0) + e;
    }
    const n = Math.max(1, rows.length);
    bias -= (RATE * gb) / n;
    for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) - RATE * ((g[i] ?? 0) / n + L2 * (w[i] ?? 0)) * 10;
  }
  const weights: Record<string, number> = {};
  names.forEach((f, i) => {
    const v = Math.round((w[i] ?? 0) * 1e4) / 1e4;
    if (v !== 0) weights[f] = v;
  });
  return { bias: Math.round(bias * 1e4) / 1e4, weights };
}

const scalar = (got: unknown, want: unknown): Counts => {
  const g = got ?? null;
  const t = want ?? null;
  if (g === null && t === null) return { tp: 0, fp: 0, fn: 0 };
  if (g !== null && g === t) return { tp: 1, fp: 0, fn: 0 };
  return { tp: 0, fp: g === null ? 0 : 1, fn: t === null ? 0 : 1 };
};
const add = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

/** The terms with the rules' empty dates filled by the models. */
function filled(d: Doc, models: RankerWeights): SowTerms {
  const eff =
    d.terms.effectiveDate ??
    rankDates(d.candidates.effectiveDate, models.effectiveDate, models.threshold)?.value ??
    null;
  const endCandidates = eff === d.terms.effectiveDate ? d.candidates.endDate : dateCandidates(d.ctx, eff);
  const deadlines = deadlineDates(d.ctx);
  const end =
    d.terms.endDate ??
    rankDates(
      endCandidates.filter((c) => !deadlines.has(c.iso) && plausibleEnd(c.iso, eff)),
      models.endDate,
      models.threshold,
    )?.value ??
    null;
  return { ...d.terms, effectiveDate: eff, endDate: end };
}

const f1 = (c: Counts): string => prf(c).f1.toFixed(3);
const total = {
  before: { effectiveDate: zero(), endDate: zero(), changes: zero() },
  after: { effectiveDate: zero(), endDate: zero(), changes: zero() },
};
console.log('leave-one-author-out (text form): effectiveDate, endDate, proposed changes — rules → rules + ranker');
for (const author of process.argv.includes('--write-only') ? [] : Object.keys(AUTHORS)) {
  const training = docs.filter((d) => d.author !== author);
  const models: RankerWeights = {
    threshold: THRESHOLD,
    effectiveDate: train('effectiveDate', training),
    endDate: train('endDate', training),
  };
  const row = {
    before: { effectiveDate: zero(), endDate: zero(), changes: zero() },
    after: { effectiveDate: zero(), endDate: zero(), changes: zero() },
  };
  const notes: string[] = [];
  for (const d of docs.filter((x) => x.author === author)) {
    const after = filled(d, models);
    for (const field of FIELDS) {
      const b = scalar(d.terms[field], d.truth[field]);
      const a = scalar(after[field], d.truth[field]);
      row.before[field] = add(row.before[field], b);
      row.after[field] = add(row.after[field], a);
      if (after[field] !== d.terms[field])
        notes.push(`    ${d.id} ${field}: ${d.terms[field]} → ${after[field]} (truth ${String(d.truth[field])})`);
    }
    if (d.changes) {
      row.before.changes = add(row.before.changes, scoreChanges(findProposedChanges(d.text, d.terms), d.changes));
      row.after.changes = add(row.after.changes, scoreChanges(findProposedChanges(d.text, after), d.changes));
    }
  }
  for (const k of ['effectiveDate', 'endDate', 'changes'] as const) {
    total.before[k] = add(total.before[k], row.before[k]);
    total.after[k] = add(total.after[k], row.after[k]);
  }
  console.log(
    `  held out ${author.padEnd(9)} effectiveDate ${f1(row.before.effectiveDate)} → ${f1(row.after.effectiveDate)}  endDate ${f1(row.before.endDate)} → ${f1(row.after.endDate)}  changes ${f1(row.before.changes)} → ${f1(row.after.changes)} (tp ${row.before.changes.tp} → ${row.after.changes.tp})`,
  );
  if (process.argv.includes('--verbose')) console.log(notes.join('\n'));
}
console.log(
  `  all held out    effectiveDate ${f1(total.before.effectiveDate)} → ${f1(total.after.effectiveDate)}  endDate ${f1(total.before.endDate)} → ${f1(total.after.endDate)}  changes ${f1(total.before.changes)} → ${f1(total.after.changes)} (tp ${total.before.changes.tp} → ${total.after.changes.tp})`,
);

if (process.argv.some((a) => a.startsWith('--write'))) {
  const final: RankerWeights = {
    threshold: THRESHOLD,
    effectiveDate: train('effectiveDate', docs),
    endDate: train('endDate', docs),
  };
  const out = path.join(REPO_ROOT, 'src/extraction/rules/date-ranker.weights.json');
  writeFileSync(out, `${JSON.stringify(final)}\n`);
  console.log(
    `wrote ${out}: ${Object.keys(final.effectiveDate.weights).length} + ${Object.keys(final.endDate.weights).length} weights`,
  );
}
