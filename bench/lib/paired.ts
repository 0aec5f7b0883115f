/** Pure helpers of bench/api-paired: the order of its rows and whether the old tree can share node_modules. */

export type Side = 'old' | 'new';

/**
 * The order of the two sides in the i-th pair of rows: old, new, then new, old, then old, new... (ABBA), so a
 * drift of the machine over the run (other load starting, a checkpoint, the disk cache filling) falls on both
 * sides alike instead of always on the second.
 */
export const abba = (i: number): [Side, Side] => (i % 2 === 0 ? ['old', 'new'] : ['new', 'old']);

interface Lock {
  packages?: Record<string, { version?: string; integrity?: string; link?: boolean }>;
}

/**
 * Whether every package the old lockfile installs is installed by the new one at the same version and
 * integrity: then the new tree's node_modules serves the old tree unchanged (the packages added since are
 * never imported by the old code), and `npm ci` in the old tree would only produce the same files again.
 */
export function lockCovers(oldLock: Lock, newLock: Lock): boolean {
  const mine = newLock.packages ?? {};
  return Object.entries(oldLock.packages ?? {}).every(([path, p]) => {
    if (path === '') return true; // the project itself
    const n = mine[path];
    return n !== undefined && n.version === p.version && n.integrity === p.integrity && !!n.link === !!p.link;
  });
}

/** new/old, to two decimals; '-' where either is missing. */
export const ratio = (next: number, old: number) =>
  Number.isFinite(next) && Number.isFinite(old) && old > 0 ? (next / old).toFixed(2) : '-';

/** The median of numbers (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Each numeric field's median over the runs of one side (a row measured several times). */
export function medianOf<T extends object>(runs: readonly T[]): T {
  const first = runs[0];
  if (!first) throw new Error('medianOf needs at least one run');
  const field = (r: T, k: string) => (r as Record<string, number>)[k]!;
  return Object.fromEntries(Object.keys(first).map((k) => [k, median(runs.map((r) => field(r, k)))])) as T;
}

/** " [min-max]" of the paired ratios of a row measured more than once; "" for one pair. */
export const spreadOf = (ratios: readonly number[]): string =>
  ratios.length < 2 ? '' : ` [${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}]`;
