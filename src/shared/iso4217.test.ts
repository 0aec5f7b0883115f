import { describe, expect, it } from 'vitest';
import { isKnownCurrency, MINOR_UNITS, minorUnits } from './currency.ts';
import { ISO_4217, ISO_BY_CODE } from './iso4217.ts';

/** The currencies billing knew before its table came from the ISO data, with the digits it billed them in. */
const BILLED_BEFORE: Record<string, number> = {
  ...Object.fromEntries(
    'USD EUR GBP CHF CAD AUD NZD SEK NOK DKK PLN CZK HUF SGD HKD CNY INR MXN BRL ZAR AED SAR ILS TRY RON BGN UAH QAR EGP MAD DZD MGA NGN GHS KES TZS ZMW PHP IDR MYR THB TWD PKR BDT LKR COP ARS PEN'
      .split(' ')
      .map((c) => [c, 2]),
  ),
  ...Object.fromEntries('JPY KRW CLP ISK VND UGX RWF XOF XAF'.split(' ').map((c) => [c, 0])),
  ...Object.fromEntries('BHD KWD OMR JOD TND'.split(' ').map((c) => [c, 3])),
};

describe('the ISO 4217 table', () => {
  it('holds each code once, as three capital letters with 0 to 4 minor digits, in code order', () => {
    const codes = ISO_4217.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    for (const c of ISO_4217) {
      expect(c.code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4], c.code).toContain(c.minorUnits);
    }
    expect(codes.length).toBeGreaterThanOrEqual(150);
  });
  it('gives each currency that is not a fund an English name', () => {
    for (const c of ISO_4217.filter((x) => !x.fund)) expect(c.names.en.length, c.code).toBeGreaterThan(0);
  });
  it('names the default of a shared form once', () => {
    const defaults = new Map<string, string[]>();
    for (const c of ISO_4217)
      for (const s of c.symbols) if (s.default) defaults.set(s.form, [...(defaults.get(s.form) ?? []), c.code]);
    for (const [form, codes] of defaults) expect(codes, form).toHaveLength(1);
  });
});

describe('MINOR_UNITS comes from the ISO table', () => {
  it('matches the ISO table for every entry, and leaves out fund codes only', () => {
    for (const [code, digits] of Object.entries(MINOR_UNITS))
      expect(ISO_BY_CODE.get(code)?.minorUnits, code).toBe(digits);
    for (const c of ISO_4217) expect(isKnownCurrency(c.code), c.code).toBe(!c.fund);
  });
  it('keeps every currency billing knew before, with the same digits', () => {
    for (const [code, digits] of Object.entries(BILLED_BEFORE)) expect(minorUnits(code), code).toBe(digits);
  });
  it('knows the currencies contracts were read in without a code before (HTG, MUR, JMD, TTD, FJD, BND)', () => {
    expect(['HTG', 'MUR', 'JMD', 'TTD', 'FJD', 'BND'].map(minorUnits)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(isKnownCurrency('CHE')).toBe(false);
    expect(isKnownCurrency('XAU')).toBe(false);
  });
});
