/**
 * Time and materials: approved billable hours priced from the rate card.
 *
 * GROUPING: one line per rate card entry. A person override (a rate card entry with personId) beats
 * the role rate and gets its own line with personId set; role-rate lines aggregate every person in
 * the role and carry personId null. A rate change mid-period is a different rate card entry, hence
 * a separate line. Quantity = sum of per-entry rounded hours.
 * UNITS: a rate card entry bills in its unit (rate-units.ts): hours as entered (after rounding), days
 * and half-days from a person's hours on a day at the contract's hours per day (pro rata, or capped at
 * one day), a month per person with time in the month. The line's quantity and unit read in that unit.
 * MISSING RATE: entries no rate card entry covers go to a HELD zero-price line per role
 * (`time:missing_rate:${role}`) so the hours stay visible; the missing_rate exception holds that line.
 */
import { Dec, dec } from '../../shared/decimal.ts';
import type { ContractTerms, RateCardEntry, TimeEntry } from '../model.ts';
import { type ChargeGroup, type ChargePiece, termSources } from './charge.ts';
import { roundHours } from './time-entries.ts';
import { describeUnits, toUnitPieces, UNIT_LABEL, type HourPiece } from './rate-units.ts';

/** A rate card entry whose contract rate differs from the rate the timesheet quoted. */
export interface RateMismatch {
  rateCardEntryId: string;
  contractRate: string;
  entries: { id: string; rateQuoted: string }[];
}

/** Hours no rate covers, per role. */
export interface MissingRate {
  role: string;
  lineKey: string;
  entryIds: string[];
  hours: string;
}

/** The T&M result: priced and held groups plus what the exceptions need. */
export interface TimeRating {
  groups: ChargeGroup[];
  missingRates: MissingRate[];
  mismatches: RateMismatch[];
}

const covers = (r: RateCardEntry, date: string): boolean =>
  r.effectiveFrom <= date && (r.effectiveTo === null || date <= r.effectiveTo);

/**
 * The rate card entry for a role, person and date: a person override beats the role rate; among
 * overlapping entries the latest effectiveFrom wins, then the lowest id (so input order never matters).
 */
export function findRate(
  rateCard: readonly RateCardEntry[],
  role: string,
  personId: string,
  workDate: string,
): RateCardEntry | null {
  const pick = (person: string | null): RateCardEntry | null =>
    rateCard
      .filter((r) => r.role === role && r.personId === person && covers(r, workDate))
      .sort((a, b) =>
        a.effectiveFrom !== b.effectiveFrom
          ? a.effectiveFrom > b.effectiveFrom
            ? -1
            : 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
      )[0] ?? null;
  return pick(personId) ?? pick(null);
}

interface Bucket {
  rate: RateCardEntry | null;
  role: string;
  hours: HourPiece[];
  pieces: ChargePiece[];
}

/** A person override as the client reads it: their name, never their internal id (the line keeps personId). */
const personPart = (rate: RateCardEntry): string =>
  rate.personId === null ? '' : rate.personName ? ` (${rate.personName}, person rate)` : ' (person rate)';

/** Description of a time line. */
const describe = (role: string, rate: RateCardEntry | null, b?: Bucket, contract?: ContractTerms): string => {
  if (rate === null) return `Time: ${role}`;
  const unit = rate.unit ?? 'hour';
  const base = `Time: ${role}${personPart(rate)}, ${unit === 'hour' ? '' : `${UNIT_LABEL[unit]} `}rate from ${rate.effectiveFrom}`;
  return b && contract && unit !== 'hour' ? `${base} (${describeUnits(unit, b.hours, contract)})` : base;
};

function toGroup(key: string, b: Bucket, held: boolean, description: string): ChargeGroup {
  const dates = b.pieces.map((p) => p.date).sort();
  return {
    lineKey: key,
    kind: 'time',
    description,
    unit: UNIT_LABEL[b.rate?.unit ?? 'hour'],
    unitPrice: b.rate ? dec(b.rate.rate) : new Dec(0),
    atomic: false,
    sourceKind: 'time',
    pieces: b.pieces,
    sources: termSources('rate_card', { rateCardEntryId: b.rate?.id ?? null }),
    role: b.role,
    personId: b.rate?.personId ?? null,
    servicePeriodStart: dates[0] ?? '',
    servicePeriodEnd: dates[dates.length - 1] ?? '',
    held,
  };
}

function bucketize(
  entries: readonly TimeEntry[],
  contract: ContractTerms,
  keyOf: (rate: RateCardEntry | null, e: TimeEntry) => string,
): Map<string, Bucket> {
  const buckets = new Map<string, Bucket>();
  for (const e of entries) {
    const rate = findRate(contract.rateCard, e.role, e.personId, e.workDate);
    const key = keyOf(rate, e);
    const b = buckets.get(key) ?? { rate, role: e.role, hours: [], pieces: [] };
    b.hours.push({
      sourceId: e.id,
      personId: e.personId,
      date: e.workDate,
      hours: roundHours(e.hours, contract.timeRounding),
    });
    buckets.set(key, b);
  }
  for (const b of buckets.values()) b.pieces = toUnitPieces(b.rate?.unit ?? 'hour', b.hours, contract);
  return buckets;
}

/**
 * Prices approved billable entries (already within contract dates) by rate card entry.
 * @example 37.25 h of Consultant at 185.00 → one 'time' group, unitPrice 185, quantity 37.25 (6891.25)
 */
export function rateTime(billable: readonly TimeEntry[], contract: ContractTerms): TimeRating {
  const buckets = bucketize(billable, contract, (rate, e) =>
    rate ? `time:${rate.id}` : `time:missing_rate:${e.role}`,
  );
  const groups: ChargeGroup[] = [];
  const missingRates: MissingRate[] = [];
  for (const [key, b] of [...buckets].sort(([a], [c]) => (a < c ? -1 : 1))) {
    if (b.rate) {
      groups.push(toGroup(key, b, false, describe(b.role, b.rate, b, contract)));
      continue;
    }
    groups.push(toGroup(key, b, true, `Time: ${b.role} — no rate on the rate card (held)`));
    const hours = b.hours.reduce((a, p) => a.plus(p.hours), new Dec(0));
    missingRates.push({
      role: b.role,
      lineKey: key,
      entryIds: b.pieces.map((p) => p.sourceId ?? '').sort(),
      hours: hours.toString(),
    });
  }
  return { groups, missingRates, mismatches: findMismatches(billable, contract) };
}

/** Entries whose quoted rate differs from the contract's rate; billing uses the contract rate. */
function findMismatches(entries: readonly TimeEntry[], contract: ContractTerms): RateMismatch[] {
  const byRate = new Map<string, RateMismatch>();
  for (const e of entries) {
    if (e.rateQuoted === null) continue;
    const rate = findRate(contract.rateCard, e.role, e.personId, e.workDate);
    if (!rate || dec(e.rateQuoted).eq(dec(rate.rate))) continue;
    const m = byRate.get(rate.id) ?? { rateCardEntryId: rate.id, contractRate: rate.rate, entries: [] };
    m.entries.push({ id: e.id, rateQuoted: e.rateQuoted });
    byRate.set(rate.id, m);
  }
  return [...byRate.values()].sort((a, b) => (a.rateCardEntryId < b.rateCardEntryId ? -1 : 1));
}

/**
 * HELD lines for approved work dated outside the contract, one per rate card entry (or per role
 * when no rate covers it, at price 0), keyed `time:outside_contract:${rateCardEntryId | role=…}`.
 */
export function holdOutsideContract(outside: readonly TimeEntry[], contract: ContractTerms): ChargeGroup[] {
  const buckets = bucketize(
    outside,
    contract,
    (rate, e) => `time:outside_contract:${rate ? rate.id : `role=${e.role}`}`,
  );
  return [...buckets]
    .sort(([a], [c]) => (a < c ? -1 : 1))
    .map(([key, b]) => toGroup(key, b, true, `${describe(b.role, b.rate)} — outside contract dates (held)`));
}
