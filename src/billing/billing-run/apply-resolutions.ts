import { RESOLUTION_RULES, type ResolutionCode } from '../invoices/resolution-codes.ts';
import type { DraftInvoice, LineKind } from '../model.ts';
import { computeTotals } from '../rating/totals.ts';

const FEE_KINDS: ReadonlySet<LineKind> = new Set([
  'time',
  'milestone',
  'retainer_fee',
  'recurring_fee',
  'retainer_overage',
  'usage',
  'usage_minimum_shortfall',
]);

/**
 * Keeps a person's decision across re-runs: a line (or a whole draft) held by exceptions that were all
 * resolved with a releasing code (approved as is, not an issue) is written unheld again when the
 * period is re-rated, a line written off is written at zero again (as resolveException left it),
 * and the totals are recomputed from the lines. Without this a re-run would hold
 * again what someone had approved, leaving a held draft with nothing open to act on.
 * A release binds the amount it let through (`releasedAmounts`, when known): a line re-rated above it stays held and
 * its exception is opened again (`reopen`), so a person decides the larger amount, under the matrix, again.
 * Returns the draft, the fees released (invoice currency), which count against the cap, and the exceptions to reopen.
 */
export function applyResolutions(
  draft: DraftInvoice,
  resolved: ReadonlyMap<string, string>,
  releasedAmounts: ReadonlyMap<string, bigint> = new Map(),
): { draft: DraftInvoice; releasedFeesMinor: bigint; reopen: string[] } {
  if (resolved.size === 0) return { draft, releasedFeesMinor: 0n, reopen: [] };
  const lineAmount = new Map(draft.lines.map((l) => [l.lineKey, l.amountMinor]));
  const reopen: string[] = [];
  const effectOf = (dedupeKey: string) => {
    const code = resolved.get(dedupeKey) as ResolutionCode | undefined;
    return code === undefined ? undefined : RESOLUTION_RULES[code]?.effect;
  };
  const releases = (dedupeKey: string): boolean => effectOf(dedupeKey) === 'release';
  const holding = new Map<string, boolean>(); // lineKey -> still held by an unreleased blocking exception
  const writtenOff = new Set<string>(); // lines a person wrote off: they stay at zero on every re-run
  for (const e of draft.exceptions) {
    if (e.severity !== 'blocking' || e.lineKey === null) continue;
    let effect = effectOf(e.dedupeKey);
    const bound = releasedAmounts.get(e.dedupeKey);
    const amount = lineAmount.get(e.lineKey);
    if (effect === 'release' && bound !== undefined && amount !== undefined && amount > bound) {
      // Released at `bound`; re-rated, the line holds more: the release does not cover it.
      effect = undefined;
      reopen.push(e.dedupeKey);
    }
    if (effect === 'write_off') writtenOff.add(e.lineKey);
    holding.set(e.lineKey, (holding.get(e.lineKey) ?? false) || (effect !== 'release' && effect !== 'write_off'));
  }
  let releasedFeesMinor = 0n;
  const lines = draft.lines.map((l) => {
    if (!l.held || holding.get(l.lineKey) !== false) return l;
    if (writtenOff.has(l.lineKey)) {
      return {
        ...l,
        held: false,
        unitPrice: '0',
        amountMinor: 0n,
        taxMinor: 0n,
        preciseAmount: '0',
        description: `${l.description} — written off`,
      };
    }
    if (FEE_KINDS.has(l.kind)) releasedFeesMinor += l.amountMinor;
    return { ...l, held: false };
  });
  const draftHolds = draft.exceptions.filter((e) => e.severity === 'blocking' && e.lineKey === null);
  const held = draftHolds.some((e) => !releases(e.dedupeKey));
  return { draft: { ...draft, lines, ...computeTotals(lines), held }, releasedFeesMinor, reopen };
}
