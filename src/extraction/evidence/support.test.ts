import { describe, expect, it } from 'vitest';
import { emptySowTerms, type SowTerms } from '../sow-terms.ts';
import { joinPages, textDocument } from '../text/document-text.ts';
import { enforceEvidence } from './enforce-evidence.ts';
import { locateQuote } from './locate.ts';
import { quoteSupports } from './support.ts';
import { datesIn, statesNumber } from './written-forms.ts';

const terms = (patch: Partial<SowTerms>): SowTerms => ({ ...emptySowTerms('sow'), ...patch });
const rate = (amount: string) =>
  terms({ rates: [{ role: 'Chef de projet', amount, unit: 'day', currency: null, effectiveFrom: null }] });

describe('quoteSupports reads numbers in every grouping', () => {
  it.each([
    ['| Chef de projet | 45 000,00 DA |', '45000.00'],
    ['Redevance mensuelle ......... 4 800 000,00 Ariary (Ar) hors taxes', '4800000.00'],
    ['| Réception provisoire | 50 % | 48 000 000 | 31 janvier 2028 |', '48000000'],
    ["Senior consultant CHF 1'234.50 per day", '1234.50'],
    ['Tagessatz EUR 1.234,56', '1234.56'],
    ['a monthly fee of Tk 12,50,000.00', '1250000.00'],
    ['fees not to exceed USD 1.2 million', '1200000.00'],
    ['Frais\u202f: 2\u202f500,00\u00a0€', '2500.00'],
  ])('%s states %s', (quote, amount) => {
    expect(quoteSupports(rate(amount), 'rates[0]', quote)).toBe(true);
  });

  it('reads an amount and an order number a PDF wrapped onto the next line', () => {
    const t = terms({ minimumCommitment: { amount: '2000.00', period: 'month' }, poNumber: 'KPT/LPO/2027/0688' });
    expect(quoteSupports(t, 'minimumCommitment', 'passe de 1 500,00 € HT à 2\n000,00 € HT.')).toBe(true);
    expect(quoteSupports(t, 'poNumber', 'quote the new Local Purchase Order No. KPT/\nLPO/2027/0688')).toBe(true);
  });

  it('still rejects a quote that states another amount', () => {
    expect(quoteSupports(rate('46000.00'), 'rates[0]', '| Chef de projet | 45 000,00 DA |')).toBe(false);
    expect(statesNumber('Net 30 days, 2 000 hours', 30000)).toBe(false);
  });

  it('reads a percentage and a day count written in words', () => {
    const t = terms({ taxRatePercent: 7.5, paymentTerms: { netDays: 30, basis: null } });
    expect(quoteSupports(t, 'taxRatePercent', 'TVA au taux de 7,5 %')).toBe(true);
    expect(quoteSupports(t, 'paymentTerms.netDays', 'Zahlbar innerhalb von dreißig Tagen')).toBe(true);
    expect(quoteSupports(t, 'paymentTerms.netDays', 'payable within thirty days of receipt')).toBe(true);
  });

  it('takes a reverse charge or an exemption as a tax rate of 0, and nothing else', () => {
    const t = terms({ taxRatePercent: 0 });
    expect(quoteSupports(t, 'taxRatePercent', 'Reverse charge: the customer accounts for the VAT.')).toBe(true);
    expect(quoteSupports(t, 'taxRatePercent', 'The County is tax-exempt.')).toBe(true);
    expect(quoteSupports(t, 'taxRatePercent', 'VAT is added at the statutory rate.')).toBe(false);
  });
});

describe('a rollover of 0 stated in words', () => {
  it('is read from "will be lost" or "verfallen", not from any sentence', () => {
    const t = terms({
      retainer: {
        amount: '4000.00',
        period: 'month',
        includedHours: 20,
        overageRate: null,
        rolloverHoursMax: 0,
        overageApprovalThresholdPercent: null,
      },
    });
    const at = (q: string) => quoteSupports(t, 'retainer.rolloverHoursMax', q);
    expect(at('Any hours not used in a month will be lost and cannot be carried over or refunded.')).toBe(true);
    expect(at('Nicht bezogene Stunden verfallen am Ende des Quartals.')).toBe(true);
    expect(at('The retainer covers 20 hours per month.')).toBe(false);
    expect(at('This agreement expires on 30 June 2028.')).toBe(false);
    expect(at('Unused hours expire at the end of each month.')).toBe(true);
  });
});

describe('quoteSupports reads dates in English, German and French', () => {
  it.each([
    ['Die Arbeiten beginnen am 1. September 2027.', '2027-09-01'],
    ['Mit Wirkung ab 15. Jänner 2028:', '2028-01-15'],
    ['**Date d’effet :** 1er février 2028', '2028-02-01'],
    ['Les prestations débutent le 6 septembre 2027', '2027-09-06'],
    ['15-Jul-2027 to 14-Jan-2028 (six months).', '2027-07-15'],
    ['Der Vertrag beginnt am 1.1.2028', '2028-01-01'],
    ['effective March 3rd, 2027', '2027-03-03'],
    ['on the 2nd day of June, 2027', '2027-06-02'],
  ])('%s states %s', (quote, date) => {
    expect(quoteSupports(terms({ effectiveDate: date }), 'effectiveDate', quote)).toBe(true);
  });

  it('checks an end date and a milestone date in a table row against the quote', () => {
    expect(
      quoteSupports(terms({ endDate: '2028-07-30' }), 'endDate', 'runs from 1 July 2027 until 30 June 2028.'),
    ).toBe(false);
    expect(
      quoteSupports(terms({ endDate: '2028-06-30' }), 'endDate', 'runs from 1 July 2027 until 30 June 2028.'),
    ).toBe(true);
    const m = terms({
      milestones: [{ name: 'Abnahme Feinkonzept', amount: '19440.00', percent: 30, dueDate: '2027-10-15' }],
    });
    expect(
      quoteSupports(m, 'milestones[0]', '| 1 | 30 % | Abnahme Feinkonzept | € 19.440,00 | 15. Oktober 2027 |'),
    ).toBe(true);
    expect(datesIn('le 31/01/2028')).toContain('2028-01-31');
  });
});

describe('quoteSupports checks references, order numbers and party names', () => {
  it('needs the string in the quote, modulo case, spacing and punctuation', () => {
    const t = terms({
      reference: 'WAL-CR-2027-12',
      poNumber: 'FM-PO-77120',
      parties: { client: 'Limmat Rückversicherung AG', provider: null },
    });
    expect(quoteSupports(t, 'reference', '**Référence :** WAL-CR-2027-12')).toBe(true);
    expect(quoteSupports(t, 'poNumber', 'Please reference Purchase Order No. FM-PO 77120 on every invoice.')).toBe(
      true,
    );
    expect(quoteSupports(t, 'parties.client', '**Auftraggeberin:** Limmat Rückversicherung AG, Mythenquai 40')).toBe(
      true,
    );
    const wrong = terms({
      reference: 'WAL-CR-2027-15',
      poNumber: 'FM-PO-77123',
      parties: { client: 'Meridian Rückversicherung AG', provider: null },
    });
    expect(quoteSupports(wrong, 'reference', '**Référence :** WAL-CR-2027-12')).toBe(false);
    expect(quoteSupports(wrong, 'poNumber', 'Please reference Purchase Order No. FM-PO-77120 on every invoice.')).toBe(
      false,
    );
    expect(
      quoteSupports(wrong, 'parties.client', '**Auftraggeberin:** Limmat Rückversicherung AG, Mythenquai 40'),
    ).toBe(false);
  });
});

describe('a quote copied across a page break of a chunk', () => {
  const doc = textDocument(
    'Fees\nThe total fees shall not exceed\fUSD 250,000.00 over the term.\nPayment terms: Net 30.',
  );

  it('is found without the chunk’s "[page N]" line and keeps its value', () => {
    const joined = joinPages(doc);
    const quote = 'The total fees shall not exceed\n[page 2]\nUSD 250,000.00 over the term.';
    expect(locateQuote(joined.text, quote)).not.toBeNull();
    const t = terms({
      documentType: 'other',
      caps: [{ kind: 'not_to_exceed', amount: '250000.00', period: null, percentOfFees: null }],
    });
    t.evidence = [{ field: 'caps[0]', quote, page: null }];
    const r = enforceEvidence(t, joined, { instructionSpans: [], checkSupport: true });
    expect(r.dropped).toEqual([]);
    expect(r.terms.caps).toHaveLength(1);
    expect(r.terms.evidence[0]?.page).toBe(1);
  });

  it('is still not found when the rest of it is not in the document', () => {
    const joined = joinPages(doc);
    expect(locateQuote(joined.text, 'The total fees shall not exceed\n[page 2]\nUSD 300,000.00')).toBeNull();
  });
});
