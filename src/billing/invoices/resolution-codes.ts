import type { ExceptionType } from '../model.ts';
import { err, ok, type Result } from '../../shared/result.ts';

/** How a person may close an exception. A closed set: reports group by it. */
export const RESOLUTION_CODES = [
  'approved_as_is',
  'not_an_issue',
  'write_off',
  'corrected_data',
  'rate_added',
  'po_received',
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

/**
 * What a resolution does to what the exception holds:
 * - release: bill as rated (the held line, or the held draft, is released);
 * - write_off: the held line stays on the draft at zero (its records stay consumed, nothing is billed);
 * - none: the source data was fixed; the hold stays until a billing run re-rates the draft.
 */
export type ResolutionEffect = 'release' | 'write_off' | 'none';

// A draft held for these cannot be billed as rated: no price, no rate to convert, no tax.
const UNBILLABLE_AS_RATED: readonly ExceptionType[] = ['missing_rate', 'missing_fx_rate', 'missing_tax_setup'];

interface CodeRule {
  effect: ResolutionEffect;
  /** Types the code may close; null = every type. */
  only: readonly ExceptionType[] | null;
  never: readonly ExceptionType[];
}

export const RESOLUTION_RULES: Readonly<Record<ResolutionCode, CodeRule>> = {
  approved_as_is: { effect: 'release', only: null, never: UNBILLABLE_AS_RATED },
  not_an_issue: { effect: 'release', only: null, never: UNBILLABLE_AS_RATED },
  write_off: {
    effect: 'write_off',
    only: ['cap_exceeded', 'retainer_overage', 'outside_contract_dates', 'missing_rate', 'missing_fx_rate'],
    never: [],
  },
  corrected_data: { effect: 'none', only: null, never: [] },
  rate_added: { effect: 'none', only: ['missing_rate', 'rate_mismatch'], never: [] },
  po_received: { effect: 'none', only: ['missing_po'], never: [] },
};

/** The code does not fit the exception. */
export interface ResolutionNotApplicable {
  code: 'RESOLUTION_NOT_APPLICABLE';
  message: string;
  resolutionCode: ResolutionCode;
  exceptionType: ExceptionType;
}

/**
 * The effect of closing an exception of this type with this code; a write-off needs a held line.
 * @example resolutionEffect('cap_exceeded', 'approved_as_is', true) // ok('release')
 * @example resolutionEffect('missing_rate', 'approved_as_is', true) // err: a line without a price cannot be billed as rated
 */
export function resolutionEffect(
  type: ExceptionType,
  code: ResolutionCode,
  holdsLine: boolean,
): Result<ResolutionEffect, ResolutionNotApplicable> {
  const rule = RESOLUTION_RULES[code];
  const refuse = (why: string) =>
    err({ code: 'RESOLUTION_NOT_APPLICABLE' as const, message: why, resolutionCode: code, exceptionType: type });
  if (rule.never.includes(type))
    return refuse(`${type} cannot be billed as rated; fix the data (corrected_data, rate_added) or write the line off`);
  if (rule.only && !rule.only.includes(type)) return refuse(`${code} applies to ${rule.only.join(', ')}, not ${type}`);
  if (rule.effect === 'write_off' && !holdsLine) return refuse('write_off needs an exception that holds a line');
  return ok(rule.effect);
}
