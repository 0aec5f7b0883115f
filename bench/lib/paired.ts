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
