/** Fixed-fee milestones: each accepted, unbilled milestone is billed once, in full. */
import { Dec, dec } from '../../shared/decimal.ts';
import type { ContractTerms, MilestoneTerm } from '../model.ts';
import { type ChargeGroup, majorOf, termSources } from './charge.ts';

/** A milestone that has neither an amount nor a percent of a fixed fee to bill. */
export interface MilestoneProblem {
  milestoneId: string;
  name: string;
  lineKey: string;
}

/** Milestone groups (one per billable milestone) and the milestones whose amount cannot be priced. */
export interface MilestoneRating {
  groups: ChargeGroup[];
  problems: MilestoneProblem[];
}

/** True when a milestone is billable in a period ending on periodEnd: accepted on or before that day. */
export const isBillableMilestone = (m: MilestoneTerm, periodEnd: string): boolean =>
  m.status === 'accepted' && m.acceptedOn !== null && m.acceptedOn <= periodEnd;

/**
 * Prices accepted milestones: amountMinor, else percent × contract.fixedFeeMinor (kept unrounded
 * until the line rounds once). The caller passes only milestones not billed yet.
 * @example percent '25' of fixedFeeMinor 4000000n USD → one line of 10000.00
 */
export function rateMilestones(contract: ContractTerms, periodEnd: string): MilestoneRating {
  const groups: ChargeGroup[] = [];
  const problems: MilestoneProblem[] = [];
  const billable = contract.milestones
    .filter((m) => isBillableMilestone(m, periodEnd))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const m of billable) {
    const lineKey = `milestone:${m.id}`;
    const acceptedOn = m.acceptedOn ?? periodEnd;
    let price: Dec | null = null;
    let description = `Milestone: ${m.name}`;
    if (m.amountMinor !== null) {
      price = majorOf(m.amountMinor, contract.currency);
    } else if (m.percent !== null && contract.fixedFeeMinor !== null) {
      price = majorOf(contract.fixedFeeMinor, contract.currency).times(dec(m.percent)).div(100);
      description += ` (${m.percent}% of fixed fee)`;
    }
    if (price === null) problems.push({ milestoneId: m.id, name: m.name, lineKey });
    groups.push({
      lineKey,
      kind: 'milestone',
      description: price === null ? `${description} — no amount in the contract (held)` : description,
      unit: 'milestone',
      unitPrice: price ?? new Dec(0),
      atomic: true,
      sourceKind: 'none',
      pieces: [{ sourceId: null, date: acceptedOn, quantity: new Dec(1) }],
      sources: termSources('milestone', { milestoneId: m.id }),
      role: null,
      personId: null,
      servicePeriodStart: acceptedOn,
      servicePeriodEnd: acceptedOn,
      held: price === null,
    });
  }
  return { groups, problems };
}
