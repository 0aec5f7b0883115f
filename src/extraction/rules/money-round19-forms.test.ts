import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-rules.ts';

// Round nineteen: late rates changed from one value to another, the period before the percent, and usage bands
// restated by amendments or read from PDF table text. Small invented sentences, written for the mechanism.
const late = (text: string) => extractWithRules(text).terms.lateFee;
const tiers = (text: string) =>
  extractWithRules(text).terms.usageTiers.map((t) => [t.from, t.upTo, t.unitPrice] as const);

describe('late fee', () => {
  it('takes the new rate of a changed one', () => {
    expect(late('Interest on late invoices is reduced from 2% per month to 1.75% per month.')).toEqual({
      percent: 1.75,
      period: 'month',
    });
    expect(late("Le taux des intérêts de retard est ramené de 10 % l'an à 6 % l'an.")).toEqual({
      percent: 6,
      period: 'year',
    });
    expect(late('Der Zinssatz bei Zahlungsverzug wird von 8 % pro Jahr auf 6 % pro Jahr gesenkt.')).toEqual({
      percent: 6,
      period: 'year',
    });
  });
  it('reads the period written before the percent', () => {
    expect(late('Tout retard de paiement donne lieu à des pénalités au taux annuel de 9 %.')).toEqual({
      percent: 9,
      period: 'year',
    });
    expect(late('Late payments carry interest at a monthly rate of 1.2%.')).toEqual({ percent: 1.2, period: 'month' });
  });
  it('keeps a rate over a base rate null in German and French too', () => {
    expect(late('Bei Zahlungsverzug fallen Zinsen von 8 % über dem Basiszinssatz an.')).toBeNull();
    expect(late('Tout retard de paiement porte intérêt à 3 % au-dessus du taux de refinancement.')).toBeNull();
  });
});

describe('usage bands', () => {
  it('reads bands an amendment restates with "becomes"', () => {
    expect(
      tiers(
        'From 1 March 2031:\n- Band 2 (10,001 – 50,000 lookups): USD 0.30 becomes USD 0.27 per lookup.\n- Band 3 (above 50,000 lookups): USD 0.20 becomes USD 0.18 per lookup.\nBand 1 is unchanged.\n',
      ),
    ).toEqual([
      [10001, 50000, '0.27'],
      [50001, null, '0.18'],
    ]);
  });
  it('reads a band named in the label cell of a before/after table, one band too', () => {
    expect(
      tiers(
        '| Regelung | bisher | neu |\n|---|---|---|\n| Preis je Scan, 5.001 bis 20.000 | EUR 0,12 | EUR 0,10 |\n| Preis je Scan über 20.000 | EUR 0,09 | EUR 0,08 |\n',
      ),
    ).toEqual([
      [5001, 20000, '0.10'],
      [20001, null, '0.08'],
    ]);
    expect(
      tiers(
        '| Clause | Ancienne rédaction | Nouvelle rédaction |\n|---|---|---|\n| Tranche 1 (de 1 à 10 000 envois) | 40 FCFA | 35 FCFA |\n| Fin du contrat | 30 juin 2031 | 30 juin 2032 |\n',
      ),
    ).toEqual([[1, 10000, '35']]);
  });
  it('reads no band from a before/after table of hours or rates', () => {
    expect(tiers('| Item | Old | New |\n|---|---|---|\n| Support, first 20 hours | $120.00 | $130.00 |\n')).toEqual([]);
  });
  it('reads tab tables whose count header reads "per", whose bounds are bracketed or whose sign was lost', () => {
    expect(
      tiers('Scans pro Jahr\tPreis pro Scan (EUR)\n1 – 10.000\t0,20\n10.001 – 50.000\t0,15\nüber 50.000\t0,11\n'),
    ).toEqual([
      [1, 10000, '0.20'],
      [10001, 50000, '0.15'],
      [50001, null, '0.11'],
    ]);
    expect(
      tiers(
        'Band\tLookups in the year (from)\t(to)\tPrice per lookup\nA\t1\t100,000\t$0.050\nB\t100,001\tno limit\t$0.040\n',
      ),
    ).toEqual([
      [1, 100000, '0.050'],
      [100001, null, '0.040'],
    ]);
    expect(tiers('Monthly volume (messages)\tRate per message\n1 – 5,000\t?0.40\n5,001 and above\t?0.30\n')).toEqual([
      [1, 5000, '0.40'],
      [5001, null, '0.30'],
    ]);
  });
  it('reads an open band with words between the count and "and above", and a wrapped sentence to its last band', () => {
    expect(
      tiers(
        '- first 1,000 parcels: $2.00 per parcel\n- 1,001 to 5,000 parcels: $1.50 per parcel\n- 5,001 parcels and above: $1.00 per parcel\n',
      ),
    ).toEqual([
      [1, 1000, '2.00'],
      [1001, 5000, '1.50'],
      [5001, null, '1.00'],
    ]);
    expect(
      tiers(
        'Pages are charged as follows: the first 1.000 pages at EUR 0,10 per page; the next 4.000 pages\n(1.001 to 5.000) at EUR 0,08 per page; every page beyond 5.000 at EUR 0,05\nper page.\n',
      ),
    ).toEqual([
      [1, 1000, '0.10'],
      [1001, 5000, '0.08'],
      [5001, null, '0.05'],
    ]);
  });
});
