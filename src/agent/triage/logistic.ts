import { TRIAGE_CLASSES, type TriageClass } from './classes.ts';
import { featuresOf, isWordFeature } from './features.ts';

/**
 * Multinomial logistic regression over TF-IDF weighted binary features (word uni/bigrams,
 * character n-grams and cues; features.ts; a matching cue weighs CUE_WEIGHT times more), each vector L2-normalised, trained by deterministic stochastic
 * gradient descent with L2 regularisation: the same training set always gives the same model.
 */
export interface LogisticModel {
  /** Feature -> [idf, index]. */
  vocabulary: Map<string, { idf: number; index: number }>;
  /** Weights, classes × features, row-major. */
  weights: Float64Array;
  bias: Float64Array;
  features: number;
}

export interface Prediction {
  label: TriageClass;
  confidence: number;
  /** Probability of every class, summing to 1. */
  probabilities: Record<TriageClass, number>;
  /** Words of the text that favour the label over the runner-up most, strongest first. */
  evidence: string[];
  /** Features of the text the model knows (0: nothing to go on). */
  knownFeatures: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

const K = TRIAGE_CLASSES.length;
/** How much more a matching cue (cues.ts) counts than one word or n-gram before normalisation. */
const CUE_WEIGHT = 4;

type Sparse = { index: Int32Array; value: Float64Array; names: string[] };

function vectorize(model: Pick<LogisticModel, 'vocabulary'>, features: Iterable<string>): Sparse {
  const idx: number[] = [];
  const val: number[] = [];
  const names: string[] = [];
  for (const f of features) {
    const v = model.vocabulary.get(f);
    if (!v) continue;
    idx.push(v.index);
    val.push(f.startsWith('r:') ? v.idf * CUE_WEIGHT : v.idf);
    names.push(f);
  }
  const norm = Math.sqrt(val.reduce((a, b) => a + b * b, 0)) || 1;
  return { index: Int32Array.from(idx), value: Float64Array.from(val.map((x) => x / norm)), names };
}

function logits(model: LogisticModel, x: Sparse): Float64Array {
  const z = Float64Array.from(model.bias);
  for (let k = 0; k < K; k++) {
    const row = k * model.features;
    let s = 0;
    for (let j = 0; j < x.index.length; j++) s += model.weights[row + x.index[j]!]! * x.value[j]!;
    z[k]! += s;
  }
  return z;
}

function softmax(z: Float64Array): Float64Array {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Trains the model on labelled texts. */
export function trainLogistic(
  examples: readonly { text: string; label: TriageClass }[],
  opts: TrainOptions = {},
): LogisticModel {
  const epochs = opts.epochs ?? 20;
  const lr0 = opts.learningRate ?? 1;
  const l2 = opts.l2 ?? 1e-4;
  const df = new Map<string, number>();
  const featureSets = examples.map((e) => featuresOf(e.text));
  for (const fs of featureSets) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  const vocabulary = new Map<string, { idf: number; index: number }>();
  const n = examples.length;
  // Sorted, so the feature order (and hence the model) never depends on Map insertion order.
  [...df.keys()]
    .sort()
    .forEach((f, index) => vocabulary.set(f, { idf: Math.log((1 + n) / (1 + df.get(f)!)) + 1, index }));
  const features = vocabulary.size;
  const model: LogisticModel = {
    vocabulary,
    weights: new Float64Array(K * features),
    bias: new Float64Array(K),
    features,
  };
  const xs = featureSets.map((fs) => vectorize(model, fs));
  const ys = examples.map((e) => TRIAGE_CLASSES.indexOf(e.label));
  // A fixed permutation per epoch (a small LCG), never Math.random: training is reproducible.
  const order = examples.map((_, i) => i);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = lr0 / (1 + epoch * 0.1);
    for (const i of order) {
      const x = xs[i]!;
      const p = softmax(logits(model, x));
      // L2 shrinks only the weights this example touches (cheap; the set is small).
      const decay = 1 - lr * l2;
      for (let k = 0; k < K; k++) {
        const g = p[k]! - (k === ys[i] ? 1 : 0);
        const row = k * features;
        for (let j = 0; j < x.index.length; j++) {
          const w = row + x.index[j]!;
          model.weights[w] = model.weights[w]! * decay - lr * g * x.value[j]!;
        }
        model.bias[k]! -= lr * g * 0.1;
      }
    }
  }
  return model;
}

/** Classifies a text. With no known feature every class is equally likely and the label is `other`. */
export function predictLogistic(model: LogisticModel, text: string): Prediction {
  const x = vectorize(model, featuresOf(text));
  const p = softmax(logits(model, x));
  const probabilities = Object.fromEntries(TRIAGE_CLASSES.map((c, k) => [c, p[k]!])) as Record<TriageClass, number>;
  if (x.index.length === 0) {
    const uniform = Object.fromEntries(TRIAGE_CLASSES.map((c) => [c, 1 / K])) as Record<TriageClass, number>;
    return { label: 'other', confidence: 1 / K, probabilities: uniform, evidence: [], knownFeatures: 0 };
  }
  const ranked = [...TRIAGE_CLASSES.keys()].sort((a, b) => p[b]! - p[a]!);
  const top = ranked[0]!;
  const second = ranked[1]!;
  const evidence = x.names
    .map((f, j) => ({
      f,
      gain:
        (model.weights[top * model.features + x.index[j]!]! - model.weights[second * model.features + x.index[j]!]!) *
        x.value[j]!,
    }))
    .filter((e) => isWordFeature(e.f) && /\p{L}/u.test(e.f.slice(2)) && e.gain > 0)
    .sort((a, b) => b.gain - a.gain || a.f.localeCompare(b.f))
    .slice(0, 5)
    .map((e) => e.f.slice(2));
  const label = TRIAGE_CLASSES[top]!;
  return { label, confidence: p[top]!, probabilities, evidence, knownFeatures: x.index.length };
}
