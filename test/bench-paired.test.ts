import { describe, expect, it } from 'vitest';
import { pct } from '../bench/lib/load.ts';
import { abba, lockCovers, median, medianOf, ratio, spreadOf } from '../bench/lib/paired.ts';

describe('bench/api-paired helpers', () => {
  it('alternates the sides ABBA: each side goes first in every other pair, and each pair holds both', () => {
    const order = [0, 1, 2, 3].flatMap(abba);
    expect(order).toEqual(['old', 'new', 'new', 'old', 'old', 'new', 'new', 'old']);
    for (let i = 0; i < 10; i++) expect(new Set(abba(i))).toEqual(new Set(['old', 'new']));
  });

  it('lets the old tree share node_modules only when the new lockfile installs every old package alike', () => {
    const pkg = (version: string, integrity = `sha512-${version}`) => ({ version, integrity });
    const old = { packages: { '': pkg('0.1.0'), 'node_modules/pg': pkg('8.23.1') } };
    expect(
      lockCovers(old, {
        packages: { '': pkg('0.2.0'), 'node_modules/pg': pkg('8.23.1'), 'node_modules/x': pkg('1.0.0') },
      }),
    ).toBe(true);
    expect(lockCovers(old, { packages: { '': pkg('0.1.0'), 'node_modules/pg': pkg('8.24.0') } })).toBe(false);
    expect(lockCovers(old, { packages: { '': pkg('0.1.0'), 'node_modules/pg': pkg('8.23.1', 'sha512-other') } })).toBe(
      false,
    );
    expect(lockCovers(old, { packages: { '': pkg('0.1.0') } })).toBe(false);
  });

  it('takes percentiles by nearest rank and prints a ratio only of two figures', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([pct(sorted, 50), pct(sorted, 99), pct(sorted, 100), pct([7], 99)]).toEqual([50, 99, 100, 7]);
    expect(pct([], 50)).toBeNaN();
    expect([ratio(3, 2), ratio(1, 0), ratio(Number.NaN, 2)]).toEqual(['1.50', '-', '-']);
  });

  it("sums a row measured several times as each field's median, and the pairs' ratios as their range", () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([5])]).toEqual([2, 2.5, 5]);
    expect(median([])).toBeNaN();
    expect(
      medianOf([
        { cpu: 1.3, pg: 0.5 },
        { cpu: 1.1, pg: 0.9 },
        { cpu: 1.2, pg: 0.6 },
      ]),
    ).toEqual({ cpu: 1.2, pg: 0.6 });
    expect(() => medianOf([])).toThrow();
    expect(spreadOf([1.07, 0.93, 1.2])).toBe(' [0.93-1.20]');
    expect(spreadOf([1.07])).toBe('');
  });
});
