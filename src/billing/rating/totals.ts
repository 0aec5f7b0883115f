/** Draft totals and the stable order of lines and exceptions. */
import type { BillingException, DraftLine, LineKind } from '../model.ts';

/** The money totals of a draft. */
export interface DraftTotals {
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  heldMinor: bigint;
}

/**
 * Totals straight from the lines: subtotal = unheld amounts (discounts are negative), tax = unheld
 * line taxes, total = subtotal + tax, held = held amounts. Lines therefore sum exactly to totals.
 * @example lines 6891.25 (tax 1378.25) and held 500.00 → subtotal 6891.25, tax 1378.25, total 8269.50, held 500.00
 */
export function computeTotals(lines: readonly Pick<DraftLine, 'amountMinor' | 'taxMinor' | 'held'>[]): DraftTotals {
  let subtotalMinor = 0n;
  let taxMinor = 0n;
  let heldMinor = 0n;
  for (const l of lines) {
    if (l.held) {
      heldMinor += l.amountMinor;
      continue;
    }
    subtotalMinor += l.amountMinor;
    taxMinor += l.taxMinor;
  }
  return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor, heldMinor };
}

const KIND_ORDER: Record<LineKind, number> = {
  retainer_fee: 0,
  recurring_fee: 0,
  milestone: 1,
  time: 2,
  retainer_overage: 3,
  usage: 4,
  usage_minimum_shortfall: 5,
  expense: 6,
  discount: 7,
  late_fee: 8,
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Lines in a stable order: kind, role, service start, line key (never input order). */
export function sortLines(lines: readonly DraftLine[]): DraftLine[] {
  return [...lines].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      cmp(a.role ?? '', b.role ?? '') ||
      cmp(a.servicePeriodStart, b.servicePeriodStart) ||
      cmp(a.lineKey, b.lineKey),
  );
}

/** Exceptions in a stable order: by dedupe key. */
export function sortExceptions(list: readonly BillingException[]): BillingException[] {
  return [...list].sort((a, b) => cmp(a.dedupeKey, b.dedupeKey));
}
