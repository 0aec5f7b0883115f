/**
 * Gradient-boosted regression trees (Friedman's stochastic gradient boosting with Newton leaf values,
 * as XGBoost computes them): logistic loss for a probability, squared loss for a quantity. Small,
 * deterministic (a seeded generator picks the row and feature samples) and serialisable as plain JSON.
 */
import { prng } from '../../shared/prng.ts';

export type Loss = 'logistic' | 'squared';

export interface GbmParams {
  trees: number;
  depth: number;
  learningRate: number;
  /** Minimum hessian weight (rows, for squared loss) in a leaf. */
  minLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  rowSample: number;
  colSample: number;
  seed: number;
}

/** A tree node: a split on feature `f` at threshold `t` (x[f] <= t goes left) or a leaf value `v`. */
export type TreeNode = { f: number; t: number; l: TreeNode; r: TreeNode; g: number } | { v: number };

export interface GbmModel {
  loss: Loss;
  base: number;
  learningRate: number;
  trees: TreeNode[];
}

/** A seeded 32-bit generator (mulberry32, the one in shared/prng.ts): the same seed gives the same model. */
export const seededRandom = prng;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

const MAX_BINS = 48;

/** Candidate thresholds per feature: midpoints between up to MAX_BINS quantiles of the training values. */
function binEdges(X: number[][], nf: number): number[][] {
  return Array.from({ length: nf }, (_, f) => {
    const values = [...new Set(X.map((x) => x[f] as number))].sort((a, b) => a - b);
    const step = Math.max(1, values.length / MAX_BINS);
    const picks: number[] = [];
    for (let k = step; k < values.length; k += step) {
      const i = Math.floor(k);
      picks.push(((values[i - 1] as number) + (values[i] as number)) / 2);
    }
    return [...new Set(picks)];
  });
}

/** Bin index of v against ascending edges: the number of edges below v. */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0,
    hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= (edges[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Binned {
  bins: Uint8Array[];
  edges: number[][];
}

function buildTree(
  B: Binned,
  g: number[],
  h: number[],
  rows: number[],
  cols: number[],
  depth: number,
  p: GbmParams,
): TreeNode {
  let G = 0,
    H = 0;
  for (const i of rows) {
    G += g[i] as number;
    H += h[i] as number;
  }
  const leaf = { v: -G / (H + p.lambda) };
  if (depth === 0 || H < 2 * p.minLeaf) return leaf;
  const parentScore = (G * G) / (H + p.lambda);
  let best = { gain: 1e-9, f: -1, b: 0 };
  for (const f of cols) {
    const nb = (B.edges[f] as number[]).length + 1;
    const gs = new Float64Array(nb),
      hs = new Float64Array(nb);
    const col = B.bins[f] as Uint8Array;
    for (const i of rows) {
      const b = col[i] as number;
      gs[b] = (gs[b] as number) + (g[i] as number);
      hs[b] = (hs[b] as number) + (h[i] as number);
    }
    let gl = 0,
      hl = 0;
    for (let b = 0; b < nb - 1; b++) {
      gl += gs[b] as number;
      hl += hs[b] as number;
      if (hl < p.minLeaf || H - hl < p.minLeaf) continue;
      const gr = G - gl,
        hr = H - hl;
      const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parentScore;
      if (gain > best.gain) best = { gain, f, b };
    }
  }
  if (best.f < 0) return leaf;
  const col = B.bins[best.f] as Uint8Array;
  const left = rows.filter((i) => (col[i] as number) <= best.b);
  const right = rows.filter((i) => (col[i] as number) > best.b);
  return {
    f: best.f,
    t: (B.edges[best.f] as number[])[best.b] as number,
    g: best.gain,
    l: buildTree(B, g, h, left, cols, depth - 1, p),
    r: buildTree(B, g, h, right, cols, depth - 1, p),
  };
}

/** The raw (link-scale) output of one tree for `x`. */
export function treeValue(node: TreeNode, x: readonly number[]): number {
  let n = node;
  while (!('v' in n)) n = (x[n.f] as number) <= n.t ? n.l : n.r;
  return n.v;
}

/** Fits a boosted model to rows X and targets y (0/1 for logistic). */
export function fitGbm(X: number[][], y: number[], loss: Loss, p: GbmParams): GbmModel {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const base = loss === 'logistic' ? Math.log(Math.max(1e-6, mean) / Math.max(1e-6, 1 - mean)) : mean;
  const raw = new Array<number>(n).fill(base);
  const rand = seededRandom(p.seed);
  const nf = X[0]?.length ?? 0;
  const edges = binEdges(X, nf);
  const B: Binned = { edges, bins: edges.map((e, f) => Uint8Array.from(X, (x) => binOf(e, x[f] as number))) };
  const trees: TreeNode[] = [];
  const g = new Array<number>(n),
    h = new Array<number>(n);
  for (let m = 0; m < p.trees; m++) {
    for (let i = 0; i < n; i++) {
      if (loss === 'logistic') {
        const q = sigmoid(raw[i] as number);
        g[i] = q - (y[i] as number);
        h[i] = Math.max(1e-6, q * (1 - q));
      } else {
        g[i] = (raw[i] as number) - (y[i] as number);
        h[i] = 1;
      }
    }
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (rand() < p.rowSample) rows.push(i);
    const cols: number[] = [];
    for (let f = 0; f < nf; f++) if (rand() < p.colSample) cols.push(f);
    if (cols.length === 0) cols.push(Math.floor(rand() * nf));
    const tree = scaleTree(buildTree(B, g, h, rows, cols, p.depth, p), p.learningRate);
    trees.push(tree);
    for (let i = 0; i < n; i++) raw[i] = (raw[i] as number) + treeValue(tree, X[i] as number[]);
  }
  return { loss, base, learningRate: p.learningRate, trees };
}

function scaleTree(node: TreeNode, k: number): TreeNode {
  if ('v' in node) return { v: node.v * k };
  return { ...node, l: scaleTree(node.l, k), r: scaleTree(node.r, k) };
}

/** The model's raw output (log-odds for logistic, the value for squared). */
export function rawScore(model: GbmModel, x: readonly number[]): number {
  let s = model.base;
  for (const t of model.trees) s += treeValue(t, x);
  return s;
}

/** A probability (logistic) or a value (squared). */
export function predictGbm(model: GbmModel, x: readonly number[]): number {
  const s = rawScore(model, x);
  return model.loss === 'logistic' ? sigmoid(s) : s;
}

/**
 * Per-feature contributions to the raw score (Saabas: the change in the node's expected value along
 * the path, summed over trees); they add up to the raw score minus the base. Node means come from a
 * reference sample, since trees store only leaf values.
 */
export function contributions(
  model: GbmModel,
  x: readonly number[],
  nodeMean: (tree: number, path: string) => number,
): number[] {
  const out: number[] = [];
  model.trees.forEach((tree, ti) => {
    let node = tree,
      path = '';
    while (!('v' in node)) {
      const before = nodeMean(ti, path);
      const goLeft = (x[node.f] as number) <= node.t;
      path += goLeft ? 'l' : 'r';
      const next = goLeft ? node.l : node.r;
      const after = 'v' in next ? next.v : nodeMean(ti, path);
      out[node.f] = (out[node.f] ?? 0) + after - before;
      node = next;
    }
  });
  return out;
}

/** Mean leaf value under each node of each tree over reference rows, keyed by path ('' = root, 'lr' ...). */
export function nodeMeans(model: GbmModel, X: readonly (readonly number[])[]): Map<string, number>[] {
  return model.trees.map((tree) => {
    const sums = new Map<string, [number, number]>();
    for (const x of X) {
      const v = treeValue(tree, x);
      let node = tree,
        path = '';
      for (;;) {
        const s = sums.get(path) ?? [0, 0];
        s[0] += v;
        s[1] += 1;
        sums.set(path, s);
        if ('v' in node) break;
        const left = (x[node.f] as number) <= node.t;
        path += left ? 'l' : 'r';
        node = left ? node.l : node.r;
      }
    }
    return new Map([...sums].map(([k, [s, c]]) => [k, s / c]));
  });
}
