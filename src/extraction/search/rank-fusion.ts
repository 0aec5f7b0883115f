/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item's score is the sum over the
 * rankings that hold it of 1 / (k + rank). Only ranks count, so a BM25 score and a cosine distance, on
 * scales that cannot be compared, combine without calibration; an item near the top of one ranking and
 * present in the other beats one found by one ranking alone. k = 60 is the paper's value, not tuned here.
 */
export const RRF_K = 60;

/**
 * Fuses rankings (best first) of items identified by `id` into one, best first; ties keep the order of
 * the first ranking that holds the items.
 * @example fuseRankings([[a, b], [b, c]]) // [b (1/62 + 1/61), a (1/61), c (1/62)]
 */
export function fuseRankings<T extends { id: number }>(
  rankings: readonly (readonly T[])[],
  k = RRF_K,
): Array<{ item: T; score: number }> {
  const fused = new Map<number, { item: T; score: number; first: number }>();
  rankings.forEach((ranking, r) => {
    ranking.forEach((item, i) => {
      const entry = fused.get(item.id) ?? { item, score: 0, first: r * 1e6 + i };
      entry.score += 1 / (k + i + 1);
      fused.set(item.id, entry);
    });
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .map(({ item, score }) => ({ item, score }));
}
