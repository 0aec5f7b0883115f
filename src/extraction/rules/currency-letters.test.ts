import { describe, expect, it } from 'vitest';
import { markLetterSymbols, letterCurrency } from './currency-evidence.ts';
import { extractWithRules } from './extract-rules.ts';

const terms = (text: string) => extractWithRules(text).terms;

describe('letter symbols, read where the document names their country', () => {
  it('reads a letter before an amount as money in the currency of the country the contract is placed in', () => {
    const t = terms('Operations fee: E 36,200.00 per month, invoiced monthly.\n\nSigned at Manzini, Eswatini.');
    expect(t.currency).toBe('SZL');
    expect(t.recurringFee).toMatchObject({ amount: '36200.00', period: 'month' });
  });
  it('tells the kina from the kwacha by the country named', () => {
    expect(terms('Engineer day rate: K 1,840.00 per day. Office: Goroka, Papua New Guinea.').currency).toBe('PGK');
    expect(terms('Engineer day rate: K 1,840.00 per day. Office: Ndola, Zambia.').currency).toBe('ZMW');
  });
  it("takes the currency's own name or code, written elsewhere, as the placement", () => {
    expect(
      terms('Annual licence fee: N 7,250,000.00 (seven million two hundred and fifty thousand naira).').currency,
    ).toBe('NGN');
    expect(terms('Hourly rate: M 950.00. Every amount in this order is in LSL.').currency).toBe('LSL');
  });
  it('reads the rates of a table written with a letter symbol in that currency', () => {
    const text =
      '| Role | Rate | Unit |\n|---|---|---|\n| Hydrologist | M 1,320.00 | per hour |\n| Surveyor | M 760.00 | per hour |\n\nMaseru, Lesotho.';
    expect(terms(text).rates.map((r) => [r.amount, r.currency])).toEqual([
      ['1320.00', 'LSL'],
      ['760.00', 'LSL'],
    ]);
  });
  it('quotes the document as written, letter and all', () => {
    const r = extractWithRules('Monthly fee: D 52,000.00 per month.\n\nBanjul, The Gambia.');
    expect(r.terms.currency).toBe('GMD');
    const quote = r.terms.evidence.find((e) => e.field === 'recurringFee')?.quote ?? '';
    expect(quote).toContain('D 52,000.00');
  });
  it('leaves a letter alone where nothing places the document, or two countries tie', () => {
    expect(terms('See Schedule E 1,200.00 for the list of deliverables.').currency).toBeNull();
    expect(letterCurrency('Rate K 100.00. Offices in Lusaka and Port Moresby.', 'K')).toBeNull();
    const plain = 'Item D 4,500.00 is deleted.';
    expect(markLetterSymbols(plain)).toBe(plain);
  });
  it('keeps offsets: the marked text is as long as the original', () => {
    const text = 'Fee: P 2,400.00 per month. Gaborone, Botswana.';
    const marked = markLetterSymbols(text);
    expect(marked).not.toBe(text);
    expect(marked.length).toBe(text.length);
    expect(marked.replace(/[\ue000-\ue0ff]/u, 'P')).toBe(text);
  });
  it('does not take a letter inside a word or a reference for a symbol', () => {
    const text = 'Reference CO-E 1,200.00 and item 4E 3,000.00. Mbabane, Eswatini.';
    expect(markLetterSymbols(text)).toBe(text);
  });
});
