import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';
import { findMoney } from './money.ts';

const codes = (text: string): Array<string | null> => findMoney(text, 'en').map((m) => m.currency);

describe('money in the currencies of Africa, Asia and Latin America', () => {
  it('reads ISO codes before and after the amount', () => {
    expect(codes('a fee of KES 60,000.00 per month')).toEqual(['KES']);
    expect(codes('PHP 3,800.00 per hour')).toEqual(['PHP']);
    expect(codes('a total of 12 500 000 NGN')).toEqual(['NGN']);
  });
  it('reads symbols of one currency before or after the amount', () => {
    expect(codes('₦4,750,000.00 per month')).toEqual(['NGN']);
    expect(codes('₱ 1,200.00')).toEqual(['PHP']);
    expect(codes('₩14,800,000')).toEqual(['KRW']);
    expect(codes('KSh 85,000 per day')).toEqual(['KES']);
    expect(codes('Rp 1.500.000')).toEqual(['IDR']);
  });
  it("reads the Algerian dinar's DA after the amount only, and the ariary by name", () => {
    expect(findMoney('un prix de 27 500,00 DA TTC par jour', 'eu').map((m) => [m.currency, m.amount])).toEqual([
      ['DZD', '27500.00'],
    ]);
    expect(findMoney('Article DA 12 000', 'eu')).toEqual([]);
    expect(findMoney('soit 1 250 000 Ariary par trimestre', 'eu').map((m) => [m.currency, m.amount])).toEqual([
      ['MGA', '1250000'],
    ]);
    expect(codes('9 000 dinars algériens')).toEqual(['DZD']);
  });
  it('reads letter symbols written after the amount, before a tax qualifier', () => {
    expect(findMoney('6 500,00 DH HT par jour', 'eu').map((m) => [m.currency, m.amount])).toEqual([['MAD', '6500.00']]);
    expect(findMoney('1 850 000 FCFA hors taxes', 'eu').map((m) => [m.currency, m.amount])).toEqual([
      ['XOF', '1850000'],
    ]);
    expect(codes('2 000 F CFA')).toEqual(['XOF']);
  });
  it('reads currency words', () => {
    expect(codes('18,500,000 naira')).toEqual(['NGN']);
    expect(codes('60,000 Kenya shillings')).toEqual(['KES']);
    expect(codes('2,600 Philippine pesos')).toEqual(['PHP']);
    expect(codes('9 000 dirhams')).toEqual(['MAD']);
  });
  it('does not take letters inside a word for a symbol', () => {
    expect(codes('ERP 2 rollout and DHL 500 parcels')).toEqual([]);
    expect(codes('500 DHL parcels')).toEqual([]);
  });
});

describe('the contract currency', () => {
  it('is the one the amounts are written in, for any ISO 4217 currency billed', () => {
    expect(extractWithRules('Fees: KES 85,000.00 per day for the Team Leader.').terms.currency).toBe('KES');
    expect(extractWithRules('The Client pays ₦4,750,000.00 per month.').terms.currency).toBe('NGN');
  });
  it('comes from a column header that names the code with a unit', () => {
    const text = '| Grade | Unit price (KRW / M/M) |\n|---|---|\n| Special | 14,800,000 |\n| Advanced | 11,200,000 |\n';
    expect(extractWithRules(text).terms.currency).toBe('KRW');
  });
  it('tells the CFA franc of Central Africa from the West African one', () => {
    expect(extractWithRules('Redevance : 1 850 000 FCFA par mois. Fait à Dakar.').terms.currency).toBe('XOF');
    expect(extractWithRules('Redevance : 1 850 000 FCFA par mois. Fait à Douala.').terms.currency).toBe('XAF');
  });
  it('tells the Emirates dirham from the Moroccan one', () => {
    expect(extractWithRules('Honoraires : 6 500,00 DH HT par jour. Fait à Rabat.').terms.currency).toBe('MAD');
    expect(extractWithRules('Fees: 6,500.00 Dhs per day. Signed in Dubai.').terms.currency).toBe('AED');
  });
});
