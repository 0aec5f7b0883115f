/**
 * What the trained rankers (date-ranker.ts, value-ranker.ts) share: a linear model over binary features, its
 * probability, and the words around a span as features (cut to five letters, so an inflection is the same feature).
 */
export interface LinearModel {
  bias: number;
  weights: Record<string, number>;
}

export const scoreOf = (model: LinearModel, features: readonly string[]): number =>
  features.reduce((s, f) => s + (model.weights[f] ?? 0), model.bias);

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export const tokens = (s: string): string[] =>
  (s.toLowerCase().match(/[\p{L}]+/gu) ?? []).filter((t) => t.length > 1).map((t) => t.slice(0, 5));

/** Words before and after a span, in two distance bands. */
export function around(prefix: string, text: string, start: number, end: number): string[] {
  const before = tokens(text.slice(Math.max(0, start - 120), start))
    .slice(-10)
    .reverse();
  const after = tokens(text.slice(end, end + 60)).slice(0, 8);
  return [
    ...before.map((t, i) => `${prefix}b${i < 3 ? 1 : 2}:${t}`),
    ...after.map((t, i) => `${prefix}a${i < 3 ? 1 : 2}:${t}`),
  ];
}
