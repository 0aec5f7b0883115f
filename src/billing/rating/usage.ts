/**
 * Usage: graduated tiers over the period's total units, one line per tier used, plus a
 * minimum-commitment shortfall line. Records fill the tiers chronologically (occurredOn, id), so
 * each tier line lists the records whose units fall in it (a record straddling a boundary is on both).
 */
import { Dec, dec } from '../../shared/decimal.ts';
import { format, money } from '../../shared/money.ts';
import type { UsageRecord, UsageTerms, UsageTier } from '../model.ts';
import { type ChargeGroup, type ChargePiece, majorOf, termSources, toMinor } from './charge.ts';

/** The period a usage charge is for. */
export interface UsagePeriod {
  period: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
}

/** Usage groups and units no tier covers (a gap or a bounded last tier). */
export interface UsageRating {
  groups: ChargeGroup[];
  uncoveredUnits: Dec;
}

/**
 * Units of a total that fall in each tier ([from, upTo)), graduated; tiers keep their index.
 * @example tiers 0–1000 @0.10, 1000–5000 @0.08, 5000+ @0.05; 6200 units → [1000, 4000, 1200]
 */
export function graduate(total: Dec, tiers: readonly UsageTier[]): { index: number; units: Dec }[] {
  return tiers.map((t, index) => {
    const from = dec(t.from);
    const top = t.upTo === null ? total : Dec.min(total, dec(t.upTo));
    return { index, units: Dec.max(top.minus(from), new Dec(0)) };
  });
}

/**
 * Rates the period's usage records (dated on or before the period end; late records are caught up).
 * @example 6200 units on the tiers above → 100.00 + 320.00 + 60.00 = 480.00; minimum 500.00 → shortfall 20.00
 */
export function rateUsage(terms: UsageTerms, records: readonly UsageRecord[], p: UsagePeriod): UsageRating {
  const sorted = records
    .filter((r) => r.occurredOn <= p.periodEnd)
    .sort((a, b) =>
      a.occurredOn !== b.occurredOn ? (a.occurredOn < b.occurredOn ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
  const pieces: ChargePiece[][] = terms.tiers.map(() => []);
  let cursor = new Dec(0);
  let covered = new Dec(0);
  for (const r of sorted) {
    const end = cursor.plus(dec(r.quantity));
    terms.tiers.forEach((t, i) => {
      const lo = Dec.max(cursor, dec(t.from));
      const hi = t.upTo === null ? end : Dec.min(end, dec(t.upTo));
      if (hi.gt(lo)) {
        pieces[i]!.push({ sourceId: r.id, date: r.occurredOn, quantity: hi.minus(lo) });
        covered = covered.plus(hi.minus(lo));
      }
    });
    cursor = end;
  }
  const groups: ChargeGroup[] = [];
  let usageAmount = new Dec(0);
  terms.tiers.forEach((t, i) => {
    const tierPieces = pieces[i]!;
    if (tierPieces.length === 0) return;
    const price = dec(t.unitPrice);
    usageAmount = usageAmount.plus(tierPieces.reduce((a, x) => a.plus(x.quantity), new Dec(0)).times(price));
    groups.push({
      lineKey: `usage:tier[${i}]`,
      kind: 'usage',
      description: `Usage: ${terms.unit}, tier ${i + 1} (${t.from} to ${t.upTo ?? 'unbounded'})`,
      unit: terms.unit,
      unitPrice: price,
      atomic: false,
      sourceKind: 'usage',
      pieces: tierPieces,
      sources: termSources(`usage.tier[${i}]`),
      role: null,
      personId: null,
      servicePeriodStart: p.periodStart,
      servicePeriodEnd: p.periodEnd,
      held: false,
    });
  });
  const minimum = terms.minimumCommitmentMinor;
  const shortfall = minimum === null ? 0n : minimum - toMinor(usageAmount, p.currency);
  if (minimum !== null && shortfall > 0n) {
    groups.push({
      lineKey: `usage_minimum_shortfall:${p.period}`,
      kind: 'usage_minimum_shortfall',
      description: `Minimum commitment shortfall for ${p.period}: committed ${format(money(minimum, p.currency))}, used ${format(money(toMinor(usageAmount, p.currency), p.currency))}`,
      unit: 'period',
      unitPrice: majorOf(shortfall, p.currency),
      atomic: true,
      sourceKind: 'none',
      pieces: [{ sourceId: null, date: p.periodEnd, quantity: new Dec(1) }],
      sources: termSources('usage.minimum_commitment'),
      role: null,
      personId: null,
      servicePeriodStart: p.periodStart,
      servicePeriodEnd: p.periodEnd,
      held: false,
    });
  }
  return { groups, uncoveredUnits: cursor.minus(covered) };
}
