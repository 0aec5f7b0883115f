import type { ProposedContractChange } from '../../src/extraction/changes/proposed-change.ts';
import { sameName, type Counts } from './score.ts';

const same = (a: unknown, b: unknown): boolean =>
  a === null || a === undefined
    ? b === null || b === undefined
    : b !== null && b !== undefined && (String(a) === String(b) || Number(a) === Number(b));

/** Matches proposed changes to the truth one-to-one: same field, key (when the truth names one), from and to. */
export function scoreChanges(predicted: ProposedContractChange[], truth: Array<Record<string, unknown>>): Counts {
  const used = new Set<number>();
  let tp = 0;
  for (const t of truth) {
    const i = predicted.findIndex(
      (p, j) =>
        !used.has(j) &&
        p.field === t.field &&
        (t.key === undefined || sameName(p.key, t.key)) &&
        same(p.from, t.from) &&
        same(p.to, t.to) &&
        same(p.effectiveDate, t.effectiveDate),
    );
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return { tp, fp: predicted.length - used.size, fn: truth.length - tp };
}
