import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_STATEMENT_TARGET_MS, nextChunkStep } from './store.ts';

describe('passages per statement, sized from the last statement', () => {
  it('shrinks a step that held the database too long to what fits the target', () => {
    // 20 passages took 220 ms (a loaded embedded database): 11 ms each, so one fits 20 ms.
    expect(nextChunkStep(20, 220)).toBe(1);
    expect(nextChunkStep(20, 40)).toBe(10);
  });

  it('grows a quick step at most twofold, up to 200', () => {
    expect(nextChunkStep(4, 2)).toBe(8);
    expect(nextChunkStep(150, 1)).toBe(200);
    expect(nextChunkStep(200, 0)).toBe(200);
  });

  it('always writes at least one passage, and never more than fits when a statement was slow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 10_000, noNaN: true }), (step, ms) => {
        const next = nextChunkStep(step, ms);
        expect(next).toBeGreaterThanOrEqual(1);
        expect(next).toBeLessThanOrEqual(Math.min(200, step * 2));
        const perRow = ms / step;
        if (next > 1) expect(next * perRow).toBeLessThanOrEqual(CHUNK_STATEMENT_TARGET_MS + 1e-9);
      }),
    );
  });
});
