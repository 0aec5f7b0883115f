import type { ProposedContractChange } from '../../src/extraction/changes/proposed-change.ts';
import { sameName, type Counts } from './score.ts';

const same = (a: unknown, b: unknown): boolean =>
  a === null || a === undefined
    ? b === null || b === undefined
    : b !== null && b !== undefined && (String(a) === String(b) || Number(a) === Number(b));

/**
 * Field names some truth files use for a field of the change vocabulary (docs/extraction.md): v8-blind writes
 * `minimumCommitment` for `minimumCommitment.amount` and `milestones` for `milestones.amount`. Both name the same
 * field, so the scorer reads them as one rather than the truth being edited after its blind scoring.
 */
const FIELD_ALIASES: Record<string, string> = {
  minimumCommitment: 'minimumCommitment.amount',
  milestones: 'milestones.amount',
};

/** The vocabulary's name of a change field. */
export const canonicalChangeField = (field: unknown): string => {
  const f = String(field);
  return FIELD_ALIASES[f] ?? f;
};

/** Matches proposed changes to the truth one-to-one: same field, key (when the truth names one), from and to. */
export function scoreChanges(predicted: ProposedContractChange[], truth: Array<Record<string, unknown>>): Counts {
  const used = new Set<number>();
  let tp = 0;
  for (const t of truth) {
    const i = predicted.findIndex(
      (p, j) =>
        !used.has(j) &&
        canonicalChangeField(p.field) === canonicalChangeField(t.field) &&
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
