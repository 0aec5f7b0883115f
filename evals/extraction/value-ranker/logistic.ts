import type { ValueModel } from '../../../src/extraction/rules/value-ranker.ts';

const EPOCHS = 300;
const RATE = 0.5;
const L2 = 0.001;
/** A feature counts when at least this many training documents have it. */
const MIN_DOCS = 2;

/**
 * Logistic regression over binary features, one array of candidates per document: full-batch gradient descent from
 * zero weights, features in sorted order, weights rounded to four decimals, so the same documents give the same model
 * (the date ranker's trainer, date-ranker/train.ts, uses the same procedure and settings).
 */
export function fitLogistic(
  docs: ReadonlyArray<ReadonlyArray<{ features: readonly string[]; y: boolean }>>,
): ValueModel {
  const docCount = new Map<string, number>();
  for (const d of docs)
    for (const f of new Set(d.flatMap((c) => c.features))) docCount.set(f, (docCount.get(f) ?? 0) + 1);
  const names = [...docCount]
    .filter(([, n]) => n >= MIN_DOCS)
    .map(([f]) => f)
    .sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const rows = docs.flat().map((c) => ({
    x: c.features.flatMap((f) => (index.has(f) ? [index.get(f) as number] : [])),
    y: c.y ? 1 : 0,
  }));
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
