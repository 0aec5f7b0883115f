/**
 * Retainers: the fee is billed in advance for the period; the period's approved billable hours
 * consume the rollover hours first (oldest first), then the included hours; the excess is overage,
 * billed in arrears on this period's invoice at the overage rate.
 *
 * RETAINER + T&M: when 'retainer' is among the contract's models, all approved billable time is
 * consumed by the retainer (and its overage) and none is billed again at rate card prices.
 * Rollover hours received this period expire at its end; only unused INCLUDED hours roll over,
 * up to rolloverMaxHours. Overage above overageTolerancePercent of the included hours is held.
 * The overage line lists every time entry the retainer consumed, so they are marked as billed.
 */
import { Dec, dec } from '../../shared/decimal.ts';
import type { RetainerTerms, TimeEntry, TimeRounding } from '../model.ts';
import { type ChargeGroup, majorOf, termSources } from './charge.ts';
import { roundHours } from './time-entries.ts';

/** What the retainer needs to know about the period. */
export interface RetainerPeriod {
  period: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  rolloverHours: string;
  feeAlreadyBilled: boolean;
  /** False when the contract's dates do not overlap the period: no fee then. */
  contractActive: boolean;
  timeRounding: TimeRounding;
}

/** The retainer's lines and hour ledger for the period. */
export interface RetainerRating {
  groups: ChargeGroup[];
  workedHours: Dec;
  overageHours: Dec;
  toleranceHours: Dec;
  rolloverNext: Dec;
  /** The overage line's key when it is held for exceeding the tolerance. */
  heldOverageKey: string | null;
}

const min = (a: Dec, b: Dec): Dec => (a.lt(b) ? a : b);
const max = (a: Dec, b: Dec): Dec => (a.gt(b) ? a : b);

/**
 * Rates one retainer month.
 * @example included 40 h + 5 h rollover, 47 h worked, overage rate 150 → 2 h overage (300.00),
 *   rollover hours next period 0 (all included hours used)
 */
export function rateRetainer(terms: RetainerTerms, entries: readonly TimeEntry[], p: RetainerPeriod): RetainerRating {
  const groups: ChargeGroup[] = [];
  if (!p.feeAlreadyBilled && p.contractActive) {
    groups.push({
      lineKey: `retainer_fee:${p.period}`,
      kind: 'retainer_fee',
      description: `Retainer fee for ${p.period} (in advance)`,
      unit: 'month',
      unitPrice: majorOf(terms.feeMinor, p.currency),
      atomic: true,
      sourceKind: 'none',
      pieces: [{ sourceId: null, date: p.periodStart, quantity: new Dec(1) }],
      sources: termSources('retainer.fee'),
      role: null,
      personId: null,
      servicePeriodStart: p.periodStart,
      servicePeriodEnd: p.periodEnd,
      held: false,
    });
  }
  const included = dec(terms.includedHours);
  const rollover = max(dec(p.rolloverHours), new Dec(0));
  const worked = entries.reduce((a, e) => a.plus(roundHours(e.hours, p.timeRounding)), new Dec(0));
  const fromRollover = min(max(worked, new Dec(0)), rollover);
  const fromIncluded = min(worked.minus(fromRollover), included);
  const overage = max(worked.minus(fromRollover).minus(fromIncluded), new Dec(0));
  const rolloverNext = min(max(included.minus(fromIncluded), new Dec(0)), dec(terms.rolloverMaxHours));
  const toleranceHours = included.times(dec(terms.overageTolerancePercent)).div(100);
  let heldOverageKey: string | null = null;
  if (entries.length > 0) {
    const lineKey = `retainer_overage:${p.period}`;
    const held = overage.gt(toleranceHours);
    if (held) heldOverageKey = lineKey;
    const available = included.plus(rollover);
    const dates = entries.map((e) => e.workDate).sort();
    groups.push({
      lineKey,
      kind: 'retainer_overage',
      description:
        `Retainer hours for ${p.period} (in arrears): ${worked} h worked, ${available} h available ` +
        `(${included} included + ${rollover} rolled over), ${overage} h overage${held ? ' above tolerance (held)' : ''}`,
      unit: 'hour',
      unitPrice: dec(terms.overageRate),
      atomic: false,
      sourceKind: 'none',
      pieces: [{ sourceId: null, date: p.periodEnd, quantity: overage }],
      sources: termSources('retainer.overage_rate', { timeEntryIds: entries.map((e) => e.id).sort() }),
      role: null,
      personId: null,
      servicePeriodStart: dates[0] !== undefined && dates[0] < p.periodStart ? dates[0] : p.periodStart,
      servicePeriodEnd: p.periodEnd,
      held,
    });
  }
  return { groups, workedHours: worked, overageHours: overage, toleranceHours, rolloverNext, heldOverageKey };
}
