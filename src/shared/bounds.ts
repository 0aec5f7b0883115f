import type { ErrorCodeOf } from './error-codes.ts';
import { minorUnits } from './currency.ts';
import { addDays, isIsoDate } from './dates.ts';
import { systemClock, type Clock } from './clock.ts';

/**
 * The sane bounds of every value Billing Copilot accepts, defined once; docs/limits.md explains
 * each figure. Each bound also stays inside the column that stores the value (bigint minor units,
 * numeric(p,s)), so a value that passes never overflows or is silently rounded by the database.
 */

/** Longest text per kind of field, in characters. */
export const TEXT_MAX = {
  /** Codes and keys: client, contract, project, person, legal entity codes. */
  code: 64,
  /** Registration and tax numbers, expense categories. */
  identifier: 64,
  /** Short labels: roles, units, sources. */
  label: 100,
  /** Bank and purchase-order references (ISO 20022 remittance references are at most 140). */
  reference: 140,
  /** An external system's id of a time entry or expense. */
  externalId: 128,
  /** Names of clients, people, contracts, projects, milestones, discounts; usage event keys. */
  name: 200,
  /** An e-mail address (RFC 5321 path limit). */
  email: 254,
  /** A postal address. */
  address: 1000,
  /** Free text: descriptions, notes, reasons. */
  freeText: 2000,
  /** A message from outside to triage: an e-mail, an ERP rejection, a bounce with its headers. */
  message: 20_000,
} as const;
export type TextKind = keyof typeof TEXT_MAX;

/** Most items in one list of a record (a contract's rate card, a client's contacts) and in one import. */
export const LIST_MAX = {
  billingContacts: 20,
  rateCard: 1000,
  milestones: 500,
  discounts: 50,
  usageTiers: 50,
  projects: 1000,
  /** Each list of a contract bundle file (clients, people, contracts, ...). */
  bundleList: 10_000,
} as const;

/**
 * Largest amount of money in one field, in major units: a trillion in every currency but those
 * whose unit is worth very little (a trillion dong is about 40 million US dollars). In minor units
 * that is at most 1e15 (BHD: 1e12 * 1000), so 9,000 such amounts still sum inside bigint (9.2e18).
 */
export const AMOUNT_MAX_MAJOR: Readonly<Record<string, bigint>> = Object.freeze({
  default: 10n ** 12n,
  VND: 10n ** 14n,
});

/**
 * The largest amount a field accepts in a currency, in minor units.
 * @example maxAmountMinor('USD') // 100000000000000n (1e12 dollars); maxAmountMinor('BHD') // 10n ** 15n
 */
export function maxAmountMinor(currency: string): bigint {
  return (AMOUNT_MAX_MAJOR[currency] ?? AMOUNT_MAX_MAJOR.default!) * 10n ** BigInt(minorUnits(currency));
}

/** The largest amount of any known currency, for amounts whose currency is only known later (their use case checks the rest). */
export const AMOUNT_MAX_INTEGER_DIGITS = 15;

/** A decimal field's bound: largest value (inclusive), most decimals, and the issue code when exceeded. */
export interface DecimalBound {
  max: string;
  maxDecimals: number;
  /** Whether zero is allowed (an hour count of zero is not). */
  allowZero: boolean;
  code: BoundCode;
  what: string;
}

/** Bounds of rates, percentages, quantities and hours; each fits its numeric(p,s) column. */
export const DECIMAL_BOUNDS = {
  /** Hourly rates, cost rates, overage rates, quoted rates: numeric(18,6). */
  rate: { max: '1000000000', maxDecimals: 6, allowZero: true, code: 'RATE_TOO_LARGE', what: 'a rate' },
  /** Usage tier unit prices (invoice lines keep numeric(30,12)). */
  unitPrice: { max: '1000000000', maxDecimals: 12, allowZero: true, code: 'RATE_TOO_LARGE', what: 'a unit price' },
  /** Percentages of a whole: tax, milestones, discounts, late fees (numeric(6,3) the narrowest). */
  percent: { max: '100', maxDecimals: 3, allowZero: true, code: 'PERCENT_OUT_OF_RANGE', what: 'a percentage' },
  /** Percentages that may exceed a whole: expense markup, overage tolerance, expense cap as share of fees. */
  markupPercent: { max: '1000', maxDecimals: 3, allowZero: true, code: 'PERCENT_OUT_OF_RANGE', what: 'a percentage' },
  /** One time entry: more than zero, at most a day, in hundredths (numeric(8,2), checked 0 < h <= 24). */
  entryHours: { max: '24', maxDecimals: 2, allowZero: false, code: 'HOURS_OUT_OF_RANGE', what: 'hours of one entry' },
  /** Hours a retainer includes or rolls over per month (numeric(10,2)). */
  periodHours: { max: '100000', maxDecimals: 2, allowZero: true, code: 'HOURS_OUT_OF_RANGE', what: 'hours per period' },
  /** Units of metered usage, per record and per tier boundary (numeric(20,6)). */
  quantity: { max: '1000000000000', maxDecimals: 6, allowZero: true, code: 'QUANTITY_TOO_LARGE', what: 'a quantity' },
  /** Exchange rates, quote units per base unit (numeric(24,12)). */
  fxRate: { max: '1000000000', maxDecimals: 12, allowZero: false, code: 'RATE_TOO_LARGE', what: 'an exchange rate' },
} as const satisfies Record<string, DecimalBound>;
export type DecimalKind = keyof typeof DECIMAL_BOUNDS;

/** Most hours one person may record on one day, across every project and import (rejected entries do not count). */
export const DAILY_HOURS_MAX = 24;

/** The issue codes a bound gives, beside the field's path (details.issues[].code of a 400 VALIDATION_FAILED). */
export type BoundCode = ErrorCodeOf<
  | 'TEXT_TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'AMOUNT_TOO_LARGE'
  | 'AMOUNT_TOO_PRECISE'
  | 'RATE_TOO_LARGE'
  | 'PERCENT_OUT_OF_RANGE'
  | 'HOURS_OUT_OF_RANGE'
  | 'QUANTITY_TOO_LARGE'
  | 'DATE_OUT_OF_WINDOW'
  | 'NUMBER_OUT_OF_RANGE'
  | 'TOO_PRECISE'
  | 'IBAN_INVALID'
>;

/** Splits a non-negative decimal string into integer digits (no leading zeros) and decimals (no trailing zeros). */
function digitsOf(value: string): { int: string; frac: string } {
  const [i = '', f = ''] = value.split('.');
  return { int: i.replace(/^0+/, ''), frac: f.replace(/0+$/, '') };
}

/** Compares two non-negative decimal strings exactly: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const x = digitsOf(a);
  const y = digitsOf(b);
  if (x.int.length !== y.int.length) return x.int.length < y.int.length ? -1 : 1;
  if (x.int !== y.int) return x.int < y.int ? -1 : 1;
  const n = Math.max(x.frac.length, y.frac.length);
  const fx = x.frac.padEnd(n, '0');
  const fy = y.frac.padEnd(n, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}

/** Most decimals a non-negative decimal string really has (trailing zeros do not count). */
export const decimalsOf = (value: string): number => digitsOf(value).frac.length;

/**
 * Why a non-negative decimal string breaks a bound, or null when it is within.
 * @example checkDecimal('25', 'entryHours') // 'at most 24 (hours of one entry)'
 */
export function checkDecimal(value: string, kind: DecimalKind): string | null {
  const b: DecimalBound = DECIMAL_BOUNDS[kind];
  if (decimalsOf(value) > b.maxDecimals) return `at most ${b.maxDecimals} decimals (${b.what})`;
  if (!b.allowZero && compareDecimal(value, '0') === 0) return `more than 0 (${b.what})`;
  if (compareDecimal(value, b.max) > 0) return `at most ${b.max} (${b.what})`;
  return null;
}

/**
 * Why an amount breaks its currency's bound, or null when it is within.
 * @example checkAmount('92233720368547758.07', 'USD') // 'at most 1000000000000 USD'
 */
export function checkAmount(value: string, currency: string): { code: BoundCode; message: string } | null {
  const digits = minorUnits(currency);
  if (decimalsOf(value) > digits)
    return { code: 'AMOUNT_TOO_PRECISE', message: `more decimals than ${currency} has (${digits})` };
  const max = maxAmountMinor(currency);
  const majorMax = max / 10n ** BigInt(digits);
  if (compareDecimal(value, majorMax.toString()) > 0)
    return { code: 'AMOUNT_TOO_LARGE', message: `at most ${majorMax} ${currency}` };
  return null;
}

/** The window every date must fall in: `min` fixed, `max` fixed or (null) a rolling number of years after today. */
export interface DateWindowSetting {
  min: string;
  max: string | null;
}

/** Dates from 2000-01-01 to ten years after today unless BILLING_DATE_MIN / BILLING_DATE_MAX say otherwise. */
export const DEFAULT_DATE_WINDOW: Readonly<DateWindowSetting> = Object.freeze({ min: '2000-01-01', max: null });
/** How far after today the rolling upper end lies. */
export const DATE_MAX_YEARS_AHEAD = 10;

let windowSetting: DateWindowSetting = { ...DEFAULT_DATE_WINDOW };
let clock: Clock = systemClock;

/**
 * Sets the date window (config.ts calls it once with BILLING_DATE_MIN / BILLING_DATE_MAX); a field
 * left undefined keeps the default. Throws when min is after max or either is not a date.
 */
export function configureDateWindow(
  setting: { min?: string | undefined; max?: string | null | undefined },
  at: Clock = systemClock,
): void {
  const next: DateWindowSetting = { min: setting.min ?? DEFAULT_DATE_WINDOW.min, max: setting.max ?? null };
  for (const d of [next.min, next.max]) if (d !== null && !isIsoDate(d)) throw new Error(`Not a date YYYY-MM-DD: ${d}`);
  const previous = { windowSetting, clock };
  windowSetting = next;
  clock = at;
  if (dateWindow().min > dateWindow().max) {
    ({ windowSetting, clock } = previous);
    throw new Error(
      `The date window is empty: ${next.min} is after ${next.max ?? `today + ${DATE_MAX_YEARS_AHEAD} years`}`,
    );
  }
}

/** The date window in force now, both ends inclusive. */
export function dateWindow(): { min: string; max: string } {
  if (windowSetting.max !== null) return { min: windowSetting.min, max: windowSetting.max };
  const today = clock.now().toISOString().slice(0, 10);
  const [y, rest] = [Number(today.slice(0, 4)) + DATE_MAX_YEARS_AHEAD, today.slice(4)];
  // 29 February ten years on may not exist: take the day before 1 March.
  const ahead = rest === '-02-29' ? addDays(`${y}-03-01`, -1) : `${y}${rest}`;
  return { min: windowSetting.min, max: ahead };
}

/** Why an ISO date lies outside the window, or null when it is inside. */
export function checkDateInWindow(date: string): string | null {
  const { min, max } = dateWindow();
  return date < min || date > max ? `a date from ${min} to ${max}` : null;
}

/** Why a period YYYY-MM lies outside the window, or null when some of its days are inside. */
export function checkPeriodInWindow(period: string): string | null {
  const { min, max } = dateWindow();
  return period < min.slice(0, 7) || period > max.slice(0, 7)
    ? `a period from ${min.slice(0, 7)} to ${max.slice(0, 7)}`
    : null;
}
