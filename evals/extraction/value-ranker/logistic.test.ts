import { describe, expect, it } from 'vitest';
import { fitLogistic } from './logistic.ts';

const docs = [
  [
    { features: ['b1:month', 'colon'], y: true },
    { features: ['b1:total'], y: false },
  ],
  [
    { features: ['b1:month'], y: true },
    { features: ['b1:total', 'colon'], y: false },
  ],
  [{ features: ['b1:total', 'rare'], y: false }],
];

describe('fitLogistic', () => {
  it('is deterministic: the same documents give the same weights', () => {
    expect(fitLogistic(docs)).toEqual(fitLogistic(docs));
  });

  it('learns which features mark the right value, and drops features of a single document', () => {
    const m = fitLogistic(docs);
    expect(m.weights['b1:month']).toBeGreaterThan(0);
    expect(m.weights['b1:total']).toBeLessThan(0);
    expect(m.weights.rare).toBeUndefined();
  });
});
