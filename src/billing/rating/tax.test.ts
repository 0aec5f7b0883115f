import { describe, expect, it } from 'vitest';
import { rateContract } from './rate-contract.ts';
import { effectiveTaxPercent, findTaxRate, lineTax } from './tax.ts';
import { exceptionOf, lineByKey, makeRate, makeRatingInput, makeTaxRate, makeTimeEntry } from './test-factory.ts';

describe('lineTax', () => {
  it('rounds net × rate half up to the currency minor unit', () => {
    expect(lineTax(689_125n, '20', 'USD')).toBe(137_825n); // 6891.25 × 20 % = 1378.25
    expect(lineTax(1_001n, '7.5', 'JPY')).toBe(75n); // ¥1001 × 7.5 % = 75.075 → 75
    expect(lineTax(78_969n, '10', 'BHD')).toBe(7_897n); // 78.969 × 10 % = 7.8969 → 7.897
    expect(lineTax(5n, '10', 'USD')).toBe(1n); // 0.005 → 0.01 (half up)
    expect(lineTax(-5n, '10', 'USD')).toBe(-1n); // negatives mirror positives
  });
});

describe('findTaxRate', () => {
  const rates = [
    makeTaxRate('GB', 'standard', '17.5', '2008-12-01'),
    { ...makeTaxRate('GB', 'standard', '15', '2008-12-01'), validTo: '2009-12-31' },
    makeTaxRate('GB', 'standard', '20', '2011-01-04'),
  ];
  it('picks the row valid on the date with the latest validFrom', () => {
    expect(findTaxRate(rates, 'GB', 'standard', '2026-03-31')?.ratePercent).toBe('20');
    expect(findTaxRate(rates, 'GB', 'standard', '2009-06-30')?.ratePercent).toBe('15');
  });
  it('returns null when the jurisdiction has no row for the category', () => {
    expect(findTaxRate(rates, 'GB', 'reduced', '2026-03-31')).toBeNull();
  });
  it('forces 0 % for exempt and reverse charge whatever the row says', () => {
    expect(effectiveTaxPercent('reverse_charge', makeTaxRate('DE', 'reverse_charge', '19'))).toBe('0');
  });
});

describe('rateContract (tax and currency rounding)', () => {
  it('rounds a JPY line to whole yen half up: 2.5 h × ¥12,345 = ¥30,862.5 → ¥30,863, 10 % tax ¥3,086', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: {
          currency: 'JPY',
          invoiceCurrency: 'JPY',
          taxJurisdiction: 'JP',
          rateCard: [makeRate({ rate: '12345' })],
        },
        taxRates: [makeTaxRate('JP', 'standard', '10')],
        timeEntries: [makeTimeEntry({ id: 't1', hours: '2.5' })],
      }),
    );
    expect(lineByKey(draft, 'time:rc-cons')).toMatchObject({
      amountMinor: 30_863n,
      preciseAmount: '30862.5',
      taxMinor: 3_086n,
    });
    expect(draft).toMatchObject({ currency: 'JPY', subtotalMinor: 30_863n, taxMinor: 3_086n, totalMinor: 33_949n });
  });

  it('rounds a BHD line to three decimals: 1.75 h × 45.125 = 78.96875 → 78.969, 10 % VAT 7.897', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: {
          currency: 'BHD',
          invoiceCurrency: 'BHD',
          taxJurisdiction: 'BH',
          rateCard: [makeRate({ rate: '45.125' })],
        },
        taxRates: [makeTaxRate('BH', 'standard', '10')],
        timeEntries: [makeTimeEntry({ id: 't1', hours: '1.75' })],
      }),
    );
    expect(draft).toMatchObject({ subtotalMinor: 78_969n, taxMinor: 7_897n, totalMinor: 86_866n });
  });

  it('bills reverse charge at 0 % tax with no exception when the jurisdiction has a reverse-charge row', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { taxJurisdiction: 'DE', taxTreatment: 'reverse_charge' },
        taxRates: [makeTaxRate('DE', 'standard', '19'), makeTaxRate('DE', 'reverse_charge', '0')],
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
      }),
    );
    expect(lineByKey(draft, 'time:rc-cons')).toMatchObject({
      taxCategory: 'reverse_charge',
      taxRatePercent: '0',
      taxMinor: 0n,
    });
    expect(draft).toMatchObject({
      subtotalMinor: 185_000n,
      taxMinor: 0n,
      totalMinor: 185_000n,
      exceptions: [],
      held: false,
    });
  });

  it('bills exempt services at 0 % tax when an exempt row exists', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { taxTreatment: 'exempt' },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
      }),
    );
    expect(lineByKey(draft, 'time:rc-cons')).toMatchObject({ taxCategory: 'exempt', taxMinor: 0n });
    expect(draft.held).toBe(false);
  });

  it('raises missing_tax_setup rather than assuming 0 % when an exempt contract has no row', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { taxTreatment: 'exempt', taxJurisdiction: 'FR' },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
      }),
    );
    expect(exceptionOf(draft, 'missing_tax_setup')).toMatchObject({
      details: { jurisdiction: 'FR', category: 'exempt' },
    });
    expect(draft.held).toBe(true);
  });
});
