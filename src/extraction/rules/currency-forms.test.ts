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
    // Djiboutian franc, vatu and ouguiya as their countries write them after the amount.
    expect(findMoney('12 FDJ la requête', 'eu').map((m) => [m.currency, m.amount])).toEqual([['DJF', '12']]);
    expect(codes('75 000 VT par mois')).toEqual(['VUV']);
    expect(codes('14 500 UM HT')).toEqual(['MRU']);
  });
  it("reads the birr's Br by the country the document names, and the Belarusian ruble's by its own", () => {
    const currency = (text: string) => extractWithRules(text).terms.currency;
    expect(currency('Support agreement, Addis Ababa.\nThe monthly fee is Br 92,500.00.\n')).toBe('ETB');
    expect(currency('Support agreement, Minsk, Belarus.\nThe monthly fee is Br 2,400.00.\n')).toBe('BYN');
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

describe('currency forms read through the ISO 4217 table', () => {
  const cur = (text: string, style: 'en' | 'eu' = 'en'): Array<string | null> =>
    findMoney(text, style).map((m) => m.currency);
  it.each([
    ['J$14,400,000.00', 'JMD'],
    ['TT$18,950.00', 'TTD'],
    ['FJ$185.00', 'FJD'],
    ['BZ$2,500.00', 'BZD'],
    ['EC$1,200.00', 'XCD'],
    ['NT$45,000', 'TWD'],
    ['HK$8,800.00', 'HKD'],
    ['S$1,500.00', 'SGD'],
    ['NZ$950.00', 'NZD'],
    ['GH₵ 486,000.00', 'GHS'],
    ['₵ 2,600.00', 'GHS'],
    ['TSh 24,000,000.00', 'TZS'],
    ['USh 290,000', 'UGX'],
    ['Tk 12,000.00', 'BDT'],
    ['QR 12,500.00', 'QAR'],
    ['9 500,00 HTG', 'HTG'],
    ['PKR 330,000.00', 'PKR'],
  ])('reads %s as %s', (text, code) => {
    expect(cur(text, text.includes(' 500,00') ? 'eu' : 'en')).toEqual([code]);
  });
  it.each([
    ['1,000 Jamaican dollars', 'JMD'],
    ['500 gourdes', 'HTG'],
    ['1,200 cedis', 'GHS'],
    ['2 500 roupies mauriciennes', 'MUR'],
    ['1 200 Schweizer Franken', 'CHF'],
    ['3 000 dollars jamaïcains', 'JMD'],
    ['800 Sri Lankan rupees', 'LKR'],
    ['4 000 couronnes norvégiennes', 'NOK'],
    ['1 000 Tansania-Schilling', 'TZS'],
    ['250 Trinidad and Tobago dollars', 'TTD'],
    ['450 000 krónur', 'ISK'],
    ['100 Ägyptisches Pfund', 'EGP'],
    ['9 000 guaraní', 'PYG'],
    ['1 200 złotych', 'PLN'],
  ])('reads the name in %s as %s', (text, code) => {
    expect(cur(text, 'eu')).toEqual([code]);
  });
  it('leaves a code that is also a word alone unless the amount is written as money', () => {
    expect(cur('ALL 3 deliverables, TOP 10 risks, CVE 2021-44228')).toEqual([]);
    expect(cur('ALL 1,200.00')).toEqual(['ALL']);
    expect(cur('Le 15 mars 2026', 'eu')).toEqual([]);
  });
  it('reads a code and its amount on two lines, as PDF text gives them', () => {
    expect(findMoney("CHF\n120'000.00", 'en').map((m) => [m.currency, m.amount])).toEqual([['CHF', '120000.00']]);
  });
  it('never reads a fund code (CHE, USN) as money', () => {
    expect(cur('CHE-123.456.789 MWST and USN 1,000.00')).toEqual([]);
  });
});

describe('a form several currencies share, decided by the document', () => {
  const currency = (text: string): string | null => extractWithRules(text).terms.currency;
  const confidence = (text: string): number | undefined =>
    extractWithRules(text).terms.evidence.find((e) => e.field === 'currency')?.confidence;
  it.each([
    ['Fee: $5,000 per month. This agreement is governed by the laws of Jamaica. GCT applies.', 'JMD'],
    ['Fee: $5,000 per month. Governed by the laws of Trinidad and Tobago, Port of Spain.', 'TTD'],
    ['Fee: $5,000 per month. Suva, Fiji. FRCS TIN 50-12345-0-1.', 'FJD'],
    ['Fee: B$186,000.00. Bandar Seri Begawan, Brunei Darussalam.', 'BND'],
    ['Fee: B$186,000.00. Nassau, The Bahamas.', 'BSD'],
    ['Monthly fee Rs. 685,000.00. Colombo 03, Sri Lanka.', 'LKR'],
    ['Monthly fee Rs 96,500.00. Port Louis, Mauritius. BRN C07012345.', 'MUR'],
    ['Monthly fee Rs. 330,000.00. Lahore, Pakistan. NTN 1234567-8.', 'PKR'],
    ['Monthly fee Rs. 80,000.00. Kathmandu, Nepal.', 'NPR'],
    ['Monthly fee Rs. 80,000.00. Mumbai, India. GSTIN 27AAACB1234C1Z5.', 'INR'],
    ['Redevance : 1 850 000 FCFA par mois. Fait à Abidjan.', 'XOF'],
    ['Redevance : 1 850 000 F CFA par mois. Fait à Libreville, Gabon.', 'XAF'],
    ['Fee: 12 500 kr per month. Oslo, Norway. MVA registered.', 'NOK'],
    ['Fee: 12 500 kr per month. Stockholm, Sweden.', 'SEK'],
    ['Fee: 12.500 kr. per month. København, Denmark. CVR 12345678.', 'DKK'],
    ['Fee: 450,000 kr per month. Reykjavík, Iceland.', 'ISK'],
  ])('%s → %s', (text, code) => {
    expect(currency(text)).toBe(code);
  });
  it('reads the rates of a shared form in the decided currency', () => {
    const rates = extractWithRules(
      '| Role | Hourly rate |\n|---|---|\n| Analyst | Rs. 7,200.00 |\n\nColombo, Sri Lanka.',
    ).terms.rates;
    expect(rates.map((r) => r.currency)).toEqual(['LKR']);
  });
  it('keeps the old reading where nothing decides: $ is USD, Rs. INR, FCFA XOF, £ GBP', () => {
    expect(currency('Fee: $5,000 per month.')).toBe('USD');
    expect(currency('Fee: Rs. 5,000.00 per month.')).toBe('INR');
    expect(currency('Redevance : 1 850 000 FCFA par mois.')).toBe('XOF');
    expect(currency('Fee: £5,000 per month.')).toBe('GBP');
  });
  it('says it is unsure of a krona or krone nothing places', () => {
    expect(confidence('Fee: 12 500 kr per month.')).toBeLessThanOrEqual(0.5);
    expect(confidence('Fee: 12 500 kr per month. Oslo, Norway.')).toBeGreaterThan(0.5);
  });
  it('does not move a dollar abroad on one passing mention of another country', () => {
    expect(currency('Fee: $5,000 per month. The Consultant has an office in Singapore.')).toBe('USD');
  });
});
