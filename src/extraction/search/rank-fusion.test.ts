import { describe, expect, it } from 'vitest';
import { fuseRankings } from './rank-fusion.ts';

const item = (id: number) => ({ id });
const ids = (r: Array<{ item: { id: number } }>) => r.map((x) => x.item.id);

describe('fuseRankings', () => {
  it('puts an item both rankings hold above items only one holds', () => {
    expect(
      ids(
        fuseRankings([
          [item(1), item(2)],
          [item(3), item(2)],
        ]),
      ),
    ).toEqual([2, 1, 3]);
  });

  it('scores each item by the sum of 1 / (60 + rank)', () => {
    const [first] = fuseRankings([[item(7)], [item(8), item(7)]]);
    expect(first?.item.id).toBe(7);
    expect(first?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
  });

  it('breaks a tie by the first ranking, and fuses an empty ranking into nothing', () => {
    expect(ids(fuseRankings([[item(1)], [item(2)]]))).toEqual([1, 2]);
    expect(fuseRankings([[], []])).toEqual([]);
  });
});
