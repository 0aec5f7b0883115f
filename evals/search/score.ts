/** Deterministic search scores: recall@k and mean reciprocal rank over ranked hits. */

export interface RankedQuery {
  id: string;
  /** 1-based rank of the first hit that answers the query, or null when none of the returned hits does. */
  firstRelevant: number | null;
}

/** Share of queries answered within the first k hits. */
export function recallAt(k: number, queries: readonly RankedQuery[]): number {
  if (queries.length === 0) return 0;
  return queries.filter((q) => q.firstRelevant !== null && q.firstRelevant <= k).length / queries.length;
}

/** Mean of 1/rank of the first answering hit (0 when none of the returned hits answers). */
export function meanReciprocalRank(queries: readonly RankedQuery[]): number {
  if (queries.length === 0) return 0;
  return queries.reduce((s, q) => s + (q.firstRelevant === null ? 0 : 1 / q.firstRelevant), 0) / queries.length;
}

/** The rank of the first hit for which `answers` holds, or null. */
export function firstRelevant<T>(hits: readonly T[], answers: (hit: T) => boolean): number | null {
  const i = hits.findIndex(answers);
  return i < 0 ? null : i + 1;
}
