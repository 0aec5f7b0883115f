/**
 * Collects the fee groups of every billing model on the contract (blended contracts go on one draft)
 * and the exceptions found while pricing them.
 */
import type { BillingException, BillingModelKind, RatingInput } from '../model.ts';
import { Dec } from '../../shared/decimal.ts';
import type { ChargeGroup } from './charge.ts';
import { rateMilestones } from './milestones.ts';
import { rateRecurringFees } from './recurring-fees.ts';
import { rateRetainer } from './retainer.ts';
import type { ClassifiedTime } from './time-entries.ts';
import { holdOutsideContract, rateTime, type RateMismatch } from './time-and-materials.ts';
import { rateUsage } from './usage.ts';
import { type ExceptionScope, raise } from './validate.ts';

/** Fee groups before caps, their exceptions, and what later steps need. */
export interface FeeGroups {
  groups: ChargeGroup[];
  exceptions: BillingException[];
  /** Rate mismatches; their exceptions are raised once lines exist (they point at a line). */
  mismatches: RateMismatch[];
  rolloverNext: Dec;
}

/** Prices recurring fees, time, retainer, milestones and usage for the period. */
export function collectFeeGroups(
  input: RatingInput,
  time: ClassifiedTime,
  bounds: { start: string; end: string },
  scope: ExceptionScope,
): FeeGroups {
  const { contract } = input;
  const has = (m: BillingModelKind): boolean => contract.models.includes(m);
  const out: FeeGroups = { groups: [], exceptions: [], mismatches: [], rolloverNext: new Dec(0) };
  const termsMissing = (model: string): void => {
    out.exceptions.push(
      raise(scope, {
        type: 'contract_terms_mismatch',
        subject: model,
        lineKey: null,
        details: { model },
        message: `Contract ${contract.code} bills by ${model} but has no ${model} terms`,
      }),
    );
  };

  out.groups.push(...rateRecurringFees(contract, input.period));
  if (has('retainer')) {
    if (!contract.retainer) termsMissing('retainer');
    else {
      const r = rateRetainer(contract.retainer, time.billable, {
        period: input.period,
        periodStart: bounds.start,
        periodEnd: bounds.end,
        currency: contract.currency,
        rolloverHours: input.retainerRolloverHours,
        feeAlreadyBilled: input.retainerFeeAlreadyBilled,
        contractActive:
          contract.startDate <= bounds.end && (contract.endDate === null || contract.endDate >= bounds.start),
        timeRounding: contract.timeRounding,
      });
      out.groups.push(...r.groups);
      out.rolloverNext = r.rolloverNext;
      if (r.heldOverageKey) {
        out.exceptions.push(
          raise(scope, {
            type: 'retainer_overage',
            subject: null,
            lineKey: r.heldOverageKey,
            message: `Retainer overage of ${r.overageHours} h exceeds the tolerance of ${r.toleranceHours} h; approve before billing`,
            details: {
              workedHours: r.workedHours.toString(),
              overageHours: r.overageHours.toString(),
              toleranceHours: r.toleranceHours.toString(),
              includedHours: contract.retainer.includedHours,
              overageTolerancePercent: contract.retainer.overageTolerancePercent,
            },
          }),
        );
      }
    }
  } else if (has('time_and_materials')) {
    const t = rateTime(time.billable, contract);
    out.groups.push(...t.groups);
    out.mismatches = t.mismatches;
    for (const m of t.missingRates) {
      out.exceptions.push(
        raise(scope, {
          type: 'missing_rate',
          subject: m.role,
          lineKey: m.lineKey,
          details: { role: m.role, entryIds: m.entryIds, hours: m.hours },
          message: `No rate on the rate card for role "${m.role}" covers ${m.entryIds.length} time entries (${m.hours} h)`,
        }),
      );
    }
  }
  if (has('retainer') || has('time_and_materials')) {
    for (const g of holdOutsideContract(time.outside, contract)) {
      out.groups.push(g);
      const ids = g.pieces.map((p) => p.sourceId ?? '').sort();
      out.exceptions.push(
        raise(scope, {
          type: 'outside_contract_dates',
          subject: g.lineKey,
          lineKey: g.lineKey,
          details: { entryIds: ids, startDate: contract.startDate, endDate: contract.endDate },
          message: `${ids.length} approved time entries are dated outside the contract (${contract.startDate} to ${contract.endDate ?? 'open'})`,
        }),
      );
    }
  }
  if (has('milestone')) {
    const m = rateMilestones(contract, bounds.end);
    out.groups.push(...m.groups);
    for (const p of m.problems) {
      out.exceptions.push(
        raise(scope, {
          type: 'contract_terms_mismatch',
          subject: p.lineKey,
          lineKey: p.lineKey,
          details: { milestoneId: p.milestoneId },
          message: `Milestone "${p.name}" is accepted but has no amount and no percent of a fixed fee`,
        }),
      );
    }
  }
  if (has('usage')) {
    if (!contract.usage) termsMissing('usage');
    else {
      const u = rateUsage(contract.usage, input.usage, {
        period: input.period,
        periodStart: bounds.start,
        periodEnd: bounds.end,
        currency: contract.currency,
      });
      out.groups.push(...u.groups);
      if (u.uncoveredUnits.gt(0)) {
        out.exceptions.push(
          raise(scope, {
            type: 'contract_terms_mismatch',
            subject: 'usage.tiers',
            lineKey: null,
            details: { uncoveredUnits: u.uncoveredUnits.toString() },
            message: `${u.uncoveredUnits} ${contract.usage.unit} fall outside every usage tier and are not billed`,
          }),
        );
      }
    }
  }
  return out;
}
