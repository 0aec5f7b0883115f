import { createHash } from 'node:crypto';
import { canonicalJson } from '../../billing/audit/canonical-json.ts';
import { Dec } from '../../shared/decimal.ts';
import { invoiceFrequencies, type SowTerms } from '../sow-terms.ts';
import { diffTermsAgainstContract, sameName, type ContractRecord, type FieldDiff } from './diff-contract.ts';
import type { ProposedContractChange } from './proposed-change.ts';

/**
 * The contract fields extracted terms can be written to, named as the diff names them:
 * currency, payment days, PO number, the whole-term not-to-exceed cap, the contract's start
 * ("effectiveDate" of a statement of work) and end date, invoice frequency, the monthly late fee,
 * role rates by the hour, day or month (effective-dated) and milestones (amount, percent, due date).
 */
export const APPLICABLE_FIELDS = [
  'currency',
  'paymentTerms.netDays',
  'poNumber',
  'caps.not_to_exceed',
  'effectiveDate',
  'endDate',
  'invoiceFrequency',
  'lateFee.percentMonthly',
  'rates',
  'milestones',
] as const;
export type ApplicableField = (typeof APPLICABLE_FIELDS)[number];
export type MilestonePart = 'amount' | 'percent' | 'dueDate';

/** One value to write to the contract, with the document's quote for it. */
export interface TermWrite {
  field: ApplicableField;
  /** rates: the contract's role (the document's wording for a new role); milestones: the milestone's name; else null. */
  key: string | null;
  /** milestones: the part that changes; null for other fields. */
  part: MilestonePart | null;
  /** What the contract says now; null when it says nothing (a new role or milestone, an empty column). */
  from: string | number | null;
  to: string | number;
  /** rates: the first day the new rate applies (earlier days keep the old rate); null for other fields. */
  effectiveFrom: string | null;
  /** rates: what one rate buys (hour, day or month); absent for other fields. */
  unit?: StorableRateUnit;
  quote: string | null;
  page: number | null;
}

/** A difference that is not written, and why. */
export interface SkippedDiff {
  field: string;
  key: string | null;
  reason: string;
}

export interface TermPlan {
  writes: TermWrite[];
  skipped: SkippedDiff[];
}

/** Rate units a rate card holds that a document states (a half-day rate is never extracted). */
export type StorableRateUnit = 'hour' | 'day' | 'month';
const STORABLE_UNITS: ReadonlySet<string> = new Set<StorableRateUnit>(['hour', 'day', 'month']);
const UNIT_REFUSED = 'the rate card holds hour, day, half-day and month rates; a week or unit rate is not converted';

const STORABLE_FREQUENCIES = new Set<string>(invoiceFrequencies.filter((f) => f !== 'other'));
const decimalsOf = (v: string | number): number => new Dec(String(v)).decimalPlaces();

/** The contract role a document role names (the diff pairs them by words), else the document's own wording. */
const contractRole = (record: ContractRecord, role: string): string =>
  record.rateCard.find((r) => sameName(r.role, role))?.role ?? role;

/** A scalar diff as a write, or the reason it cannot be one. */
function scalarWrite(d: FieldDiff): TermWrite | string {
  const base = { key: null, part: null, from: d.contract, effectiveFrom: null, quote: d.quote, page: d.page };
  const to = d.document as string | number;
  switch (d.field) {
    case 'invoiceFrequency':
      return STORABLE_FREQUENCIES.has(String(to))
        ? { ...base, field: 'invoiceFrequency', to }
        : 'the document names no frequency the contract can hold';
    case 'lateFee.percentMonthly':
      // The contract keeps the monthly percent to three decimals; a yearly rate whose twelfth is longer is left to a person.
      return decimalsOf(to) <= 3
        ? { ...base, field: 'lateFee.percentMonthly', to }
        : `the monthly late fee ${to}% has more than three decimals`;
    case 'poNumber':
      return { ...base, field: 'poNumber', to: String(to).trim() };
    default:
      return { ...base, field: d.field as ApplicableField, to };
  }
}

/**
 * The writes that make the contract agree with the document's terms, field by field (every field
 * that differs, or the ones asked for). What the document is silent on stays as it is: applying
 * never removes a rate or a milestone. Rates are hourly role rates from the document's effective
 * date, the date the diff compares them on, in the unit the document states (hour, day or month; a week
 * or unit rate is not converted). Pure.
 */
export function planFromTerms(
  terms: SowTerms,
  record: ContractRecord,
  fields: readonly ApplicableField[] | null,
): TermPlan {
  const writes: TermWrite[] = [];
  const skipped: SkippedDiff[] = [];
  const skip = (d: FieldDiff, reason: string) => skipped.push({ field: d.field, key: d.key, reason });
  for (const d of diffTermsAgainstContract(terms, record)) {
    if (d.kind === 'missing_in_document') {
      skip(d, 'the document does not state it; applying never removes a rate or a milestone');
      continue;
    }
    if (d.field === 'rates') {
      const rate = terms.rates.find((r) => `${r.role}/${r.unit}` === d.key && r.amount === d.document);
      const effectiveFrom = terms.effectiveDate;
      if (!rate || !STORABLE_UNITS.has(rate.unit)) skip(d, UNIT_REFUSED);
      else if (effectiveFrom === null) skip(d, 'the document states no date from which the rate applies');
      // The diff compares the contract's rates on the document's date; a rate with a date of its own is for a person to record.
      else if (rate.effectiveFrom !== null && rate.effectiveFrom !== effectiveFrom)
        skip(d, `the rate applies from ${rate.effectiveFrom}, not from the document's date ${effectiveFrom}`);
      else
        writes.push({
          field: 'rates',
          key: contractRole(record, rate.role),
          part: null,
          from: d.contract,
          to: rate.amount,
          effectiveFrom,
          unit: rate.unit as StorableRateUnit,
          quote: d.quote,
          page: d.page,
        });
      continue;
    }
    if (d.field === 'milestones') {
      const m = terms.milestones.find((x) => x.name === d.key);
      if (!m || (m.amount === null && m.percent === null)) {
        skip(d, 'the milestone states neither an amount nor a percent');
        continue;
      }
      for (const [part, to] of [
        ['amount', m.amount],
        ['percent', m.percent],
        ['dueDate', m.dueDate],
      ] as const) {
        if (to !== null)
          writes.push({
            field: 'milestones',
            key: m.name,
            part,
            from: null,
            to,
            effectiveFrom: null,
            quote: d.quote,
            page: d.page,
          });
      }
      continue;
    }
    if (d.field.startsWith('milestones.')) {
      const name = record.milestones.find((c) => sameName(c.name, d.key ?? ''))?.name ?? d.key;
      const part = d.field.slice('milestones.'.length) as MilestonePart;
      writes.push({
        field: 'milestones',
        key: name,
        part,
        from: d.contract,
        to: d.document as string | number,
        effectiveFrom: null,
        quote: d.quote,
        page: d.page,
      });
      continue;
    }
    const w = scalarWrite(d);
    if (typeof w === 'string') skip(d, w);
    else writes.push(w);
  }
  const fieldOf = (f: string): string => (f.startsWith('milestones') ? 'milestones' : f);
  const selected = (f: string) => fields === null || (fields as readonly string[]).includes(fieldOf(f));
  return { writes: writes.filter((w) => selected(w.field)), skipped: skipped.filter((s) => selected(s.field)) };
}

/** The change fields of an amendment that map onto a contract field. */
const CHANGE_FIELD: Readonly<Record<string, ApplicableField>> = {
  rates: 'rates',
  endDate: 'endDate',
  effectiveDate: 'effectiveDate',
  'caps.not_to_exceed': 'caps.not_to_exceed',
  'paymentTerms.netDays': 'paymentTerms.netDays',
  'lateFee.percent': 'lateFee.percentMonthly',
};

/**
 * The write one proposed change (an amendment's "from X to Y") makes: a rate from the change's
 * effective date, or the new end date, start date, cap, payment days or late fee. A fee, retainer,
 * minimum or tax change has no contract field that could start at a date, so it is refused (the
 * reason says so) rather than changing earlier periods. Pure.
 */
export function planFromChange(
  change: ProposedContractChange,
  terms: SowTerms,
  record: ContractRecord,
): TermPlan | string {
  const field = CHANGE_FIELD[change.field];
  if (!field)
    return `a ${change.field} change has no contract field that could start at a date; a person has to record it`;
  const base = { key: null, part: null, effectiveFrom: null, quote: change.quote, page: change.page };
  const numeric = (v: string | number) => /^-?\d+(\.\d+)?$/.test(String(v));
  const same = (a: string | number | null, b: string | number) =>
    a !== null && (numeric(a) && numeric(b) ? new Dec(String(a)).eq(new Dec(String(b))) : a === b);
  const plan = (w: TermWrite): TermPlan => ({ writes: w.from !== null && same(w.from, w.to) ? [] : [w], skipped: [] });
  switch (field) {
    case 'rates': {
      if (change.key === null) return 'the change does not name the role whose rate changes';
      if (change.effectiveDate === null) return 'the document states no date from which the new rate applies';
      const stated = terms.rates.find((r) => sameName(r.role, change.key ?? ''));
      if (stated && !STORABLE_UNITS.has(stated.unit)) return UNIT_REFUSED;
      const key = contractRole(record, change.key);
      const current = record.rateCard.find((r) => r.role === key);
      const unit = (stated?.unit ?? current?.unit ?? 'hour') as StorableRateUnit;
      return plan({
        ...base,
        field,
        key,
        from: current?.rate ?? null,
        to: change.to,
        effectiveFrom: change.effectiveDate,
        ...(unit !== 'hour' ? { unit } : {}),
      });
    }
    case 'endDate':
      return plan({ ...base, field, from: record.endDate, to: change.to });
    case 'effectiveDate':
      return plan({ ...base, field, from: record.startDate, to: change.to });
    case 'caps.not_to_exceed':
      return plan({ ...base, field, from: record.notToExceed, to: change.to });
    case 'paymentTerms.netDays':
      return plan({ ...base, field, from: record.paymentTermsDays, to: Number(change.to) });
    default: {
      const monthly = terms.lateFee?.period === 'year' ? new Dec(change.to).div(12) : new Dec(change.to);
      if (monthly.decimalPlaces() > 3)
        return `the monthly late fee ${monthly.toString()}% has more than three decimals`;
      return plan({ ...base, field, from: record.lateFeePercentMonthly, to: monthly.toString() });
    }
  }
}

/** A proposed change's id: the first 12 hex digits of the SHA-256 of what it changes, so the same change keeps its id across re-extractions. */
export function changeIdOf(c: Pick<ProposedContractChange, 'field' | 'key' | 'from' | 'to' | 'effectiveDate'>): string {
  return createHash('sha256')
    .update(canonicalJson({ field: c.field, key: c.key, from: c.from, to: c.to, effectiveDate: c.effectiveDate }))
    .digest('hex')
    .slice(0, 12);
}

/**
 * The hash an approval of applying terms binds to: the document and the extraction it read, the
 * contract, the change (if one) and every value written with what it replaces. A re-extraction, a
 * different field selection or a contract that changed meanwhile gives another hash.
 */
export function termsHashOf(p: {
  documentId: string;
  extractedAt: string | null;
  contractId: string;
  changeId: string | null;
  writes: readonly TermWrite[];
}): string {
  // The unit joins the hash only when it is not an hour, so approvals of hourly rates keep their hashes.
  const writes = p.writes.map(({ field, key, part, from, to, effectiveFrom, unit }) => ({
    field,
    key,
    part,
    from,
    to,
    effectiveFrom,
    ...(unit && unit !== 'hour' ? { unit } : {}),
  }));
  return createHash('sha256')
    .update(canonicalJson({ ...p, writes }))
    .digest('hex');
}
