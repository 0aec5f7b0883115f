import { Dec } from '../../shared/decimal.ts';
import type { UsageTier } from '../model.ts';

/**
 * Usage tiers as they come in: counting from 0 with `upTo` excluded (`{ from: '0', upTo: '50000' }`),
 * or as statements of work write them, first and last unit both included (`{ first: '1', last: '50000' }`,
 * "and above" is `last: null`), in whole units.
 */
export type UsageTierInput =
  | { from: string; upTo: string | null; unitPrice: string }
  | { first: string; last: string | null; unitPrice: string };

/** A tier that does not fit: its index (0-based), the field and a sentence that names it by row. */
export interface TierProblem {
  index: number;
  field: string;
  message: string;
}

const isWhole = (v: string) => new Dec(v).isInteger();

/**
 * Tiers in the form the billing core uses (from included, upTo excluded, from 0), or the first problem
 * of each tier: the first tier starts at the first unit, each next tier starts right after the last
 * one ends (no gap, no overlap), and only the last is open-ended.
 * @example [{ first: '1', last: '50000' }, { first: '50001', last: null }] → [{ from: '0', upTo: '50000' }, { from: '50000', upTo: null }]
 */
export function normalizeTiers(tiers: readonly UsageTierInput[]): { tiers: UsageTier[]; problems: TierProblem[] } {
  const problems: TierProblem[] = [];
  const out: UsageTier[] = [];
  tiers.forEach((t, i) => {
    const row = `usage tier ${i + 1}`;
    if ('first' in t) {
      if (!isWhole(t.first) || (t.last !== null && !isWhole(t.last))) {
        problems.push({ index: i, field: 'first', message: `${row}: first and last are whole units ("1" to "50000")` });
        return;
      }
      if (new Dec(t.first).lt(1)) {
        problems.push({
          index: i,
          field: 'first',
          message: `${row}: units count from 1 when first and last are given ("1-50,000")`,
        });
        return;
      }
      out.push({ from: new Dec(t.first).minus(1).toString(), upTo: t.last, unitPrice: t.unitPrice });
    } else {
      out.push({ from: t.from, upTo: t.upTo, unitPrice: t.unitPrice });
    }
  });
  if (problems.length) return { tiers: out, problems };
  const inclusive = (i: number) => 'first' in tiers[i]!;
  const start = (i: number) => (inclusive(i) ? `unit ${new Dec(out[i]!.from).plus(1)}` : `${out[i]!.from}`);
  const end = (i: number) => (inclusive(i) ? `unit ${out[i]!.upTo}` : `${out[i]!.upTo} (excluded)`);
  out.forEach((t, i) => {
    const row = `usage tier ${i + 1}`;
    const field = inclusive(i) ? 'first' : 'from';
    if (t.upTo !== null && !new Dec(t.upTo).gt(t.from)) {
      problems.push({ index: i, field: inclusive(i) ? 'last' : 'upTo', message: `${row} ends before it starts` });
    } else if (i === 0 && !new Dec(t.from).isZero()) {
      problems.push({
        index: i,
        field,
        message: `${row} starts at ${start(i)}: the first tier starts at ${inclusive(i) ? 'unit 1' : '0'}`,
      });
    } else if (i > 0) {
      const prev = out[i - 1]!;
      if (prev.upTo === null) {
        problems.push({
          index: i - 1,
          field: inclusive(i - 1) ? 'last' : 'upTo',
          message: `usage tier ${i} is open-ended but tier ${i + 1} follows it: only the last tier is open-ended`,
        });
      } else if (!new Dec(prev.upTo).eq(t.from)) {
        const gap = new Dec(prev.upTo).lt(t.from);
        problems.push({
          index: i,
          field,
          message: `${row} starts at ${start(i)} but tier ${i} ends at ${end(i - 1)}: ${gap ? 'a gap (units in no tier)' : 'an overlap (units in two tiers)'}; each tier starts right after the one before`,
        });
      }
    }
  });
  return { tiers: out, problems };
}
