/**
 * The intermediate form between billing terms and draft lines. Each model (time, milestones,
 * retainer, usage, expenses) prices its sources into ChargeGroups in its pricing currency; the cap
 * step turns groups into billed and held Charges; toDraftLine converts a Charge to the invoice
 * currency and rounds it once.
 */
import { Dec } from '../../shared/decimal.ts';
import { fromDecimal, money, toDecimal } from '../../shared/money.ts';
import type { DraftLine, LineKind, LineSources, TaxCategory } from '../model.ts';

/** What the pieces of a group are: their ids go to the matching LineSources list. */
export type SourceKind = 'time' | 'usage' | 'expense' | 'none';

/** One source record's share of a group (a time entry's rounded hours, a usage record's units in a tier). */
export interface ChargePiece {
  sourceId: string | null;
  /** Orders pieces chronologically when they consume a cap. */
  date: string;
  quantity: Dec;
}

/** A priced line before caps: quantity is the sum of its pieces. */
export interface ChargeGroup {
  lineKey: string;
  kind: LineKind;
  description: string;
  unit: string;
  /** Per unit, in the group's pricing currency, unrounded. */
  unitPrice: Dec;
  /** One indivisible item of quantity 1 (a milestone, a fee): a cap splits it by amount. */
  atomic: boolean;
  sourceKind: SourceKind;
  pieces: ChargePiece[];
  /** Term-level sources; piece ids are added per line. */
  sources: LineSources;
  role: string | null;
  personId: string | null;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  /** Held before any cap (missing rate, outside contract dates, overage above tolerance). */
  held: boolean;
}

/** A line before currency conversion and tax. */
export interface Charge {
  lineKey: string;
  kind: LineKind;
  description: string;
  quantity: Dec;
  unit: string;
  unitPrice: Dec;
  role: string | null;
  personId: string | null;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  sources: LineSources;
  held: boolean;
}

/** Line kinds that are fees: what a not-to-exceed cap, a fee discount and a percent-of-fees cap count. */
export const FEE_KINDS: ReadonlySet<LineKind> = new Set<LineKind>([
  'time',
  'milestone',
  'retainer_fee',
  'recurring_fee',
  'retainer_overage',
  'usage',
  'usage_minimum_shortfall',
]);

/** Empty sources for a contract term. */
export function termSources(contractTerm: string, extra: Partial<LineSources> = {}): LineSources {
  return {
    timeEntryIds: [],
    expenseIds: [],
    usageRecordIds: [],
    milestoneId: null,
    rateCardEntryId: null,
    contractTerm,
    ...extra,
  };
}

const uniqSorted = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

/** Sources of a line holding the given pieces of a group. */
export function sourcesFor(group: ChargeGroup, pieces: readonly ChargePiece[]): LineSources {
  const ids = pieces.flatMap((p) => (p.sourceId === null ? [] : [p.sourceId]));
  const s = group.sources;
  return {
    ...s,
    timeEntryIds: uniqSorted([...s.timeEntryIds, ...(group.sourceKind === 'time' ? ids : [])]),
    expenseIds: uniqSorted([...s.expenseIds, ...(group.sourceKind === 'expense' ? ids : [])]),
    usageRecordIds: uniqSorted([...s.usageRecordIds, ...(group.sourceKind === 'usage' ? ids : [])]),
  };
}

/** The whole group as one charge. */
export function wholeCharge(group: ChargeGroup): Charge {
  const quantity = group.pieces.reduce((a, p) => a.plus(p.quantity), new Dec(0));
  return {
    lineKey: group.lineKey,
    kind: group.kind,
    description: group.description,
    quantity,
    unit: group.unit,
    unitPrice: group.unitPrice,
    role: group.role,
    personId: group.personId,
    servicePeriodStart: group.servicePeriodStart,
    servicePeriodEnd: group.servicePeriodEnd,
    sources: sourcesFor(group, group.pieces),
    held: group.held,
  };
}

/** The tax category and rate every line of a draft is created with; applyTax computes the amount. */
export interface LineTax {
  category: TaxCategory;
  ratePercent: string;
}

/** A charge's unrounded amount in its pricing currency. */
export const preciseOf = (c: { quantity: Dec; unitPrice: Dec }): Dec => c.quantity.times(c.unitPrice);

/** Rounds a major-unit amount to minor units, half up, once. */
export const toMinor = (amount: Dec, currency: string): bigint => fromDecimal(amount, currency).amountMinor;

/**
 * Converts a charge to a draft line: unit price × fx (unrounded), amount = quantity × that price
 * rounded half up once to the target currency's minor unit. Tax is filled in later by applyTax.
 * @example 37.25 h × 185 USD at fx 1 → amountMinor 689125n (6891.25 USD)
 */
export function toDraftLine(charge: Charge, fx: Dec, currency: string, tax: LineTax): DraftLine {
  const unitPrice = charge.unitPrice.times(fx);
  const precise = charge.quantity.times(unitPrice);
  return {
    lineKey: charge.lineKey,
    kind: charge.kind,
    description: charge.description,
    quantity: charge.quantity.toString(),
    unit: charge.unit,
    unitPrice: unitPrice.toString(),
    amountMinor: toMinor(precise, currency),
    preciseAmount: precise.toString(),
    taxCategory: tax.category,
    taxRatePercent: tax.ratePercent,
    taxMinor: 0n,
    role: charge.role,
    personId: charge.personId,
    servicePeriodStart: charge.servicePeriodStart,
    servicePeriodEnd: charge.servicePeriodEnd,
    sources: charge.sources,
    held: charge.held,
  };
}

/** Exact decimal of a minor-unit amount in major units. @example majorOf(689125n, 'USD') // 6891.25 */
export const majorOf = (minor: bigint, currency: string): Dec => toDecimal(money(minor, currency));
