import type { RuleContext } from '../rules/context.ts';
import { rowChanges } from '../rules/rate-lists.ts';
import { findTablesIn } from '../rules/tables.ts';

/** Records one proposed change: its field and key, old and new value, where it was read, and when it starts. */
export type PushChange = (
  f: { field: string; key: string | null },
  from: string | null,
  to: string | null,
  start: number,
  end: number,
  eff: string | null,
) => void;

/**
 * The rate, ceiling and hours changes of a before/after table's rows and of arrow lines ("Stundensatz Senior-Entwickler/in
 * | 132,00 € | 138,00 €", "Developer day rate: K 2,150.00 -> K 2,300.00"), read by the label's meaning. Where the
 * sentence reading (proposed-change.ts) read the same row with another key ("4.1 –"), the row's role names it; a change it read already
 * stays as it was.
 */
export function addRowChanges(
  ctx: RuleContext,
  out: Array<{ field: string; key: string | null; to: string }>,
  push: PushChange,
  money: (v: string | null) => string | null,
  effectiveDate: string | null,
): void {
  for (const r of rowChanges(ctx, findTablesIn(ctx.text))) {
    const to = r.field === 'caps.hours_per_period' ? r.to : money(r.to);
    const same = out.find((c) => c.field === r.field && c.to === to);
    if (same) {
      if (r.field === 'rates' && same.key !== r.key && !/\p{L}{3}/u.test(same.key ?? '')) same.key = r.key;
      continue;
    }
    if (out.some((c) => c.field === r.field && c.key === r.key)) continue;
    push({ field: r.field, key: r.key }, r.from, r.to, r.start, r.end, r.effectiveFrom ?? effectiveDate);
  }
}
