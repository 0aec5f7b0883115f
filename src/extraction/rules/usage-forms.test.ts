import { describe, expect, it } from 'vitest';
import { columnMeaning } from './columns.ts';
import { extractWithRules } from './extract-rules.ts';

// Sixth round: usage tier tables whose bound columns end with the bound word. Written for the mechanism.
const tiers = (text: string) =>
  extractWithRules(text).terms.usageTiers.map((t) => [t.from, t.upTo, t.unitPrice] as const);

describe('usage tiers by header meaning', () => {
  it('reads a header that ends with its bound word as the bound column', () => {
    expect(columnMeaning('Messages from')).toBe('from');
    expect(columnMeaning('Pages in the month, to')).toBe('to');
    expect(columnMeaning('Sendungen bis')).toBe('to');
  });
  it('reads tiers whose bounds are in such columns, the price first or last', () => {
    expect(
      tiers(
        '| Price per scan | Scans in the month, from | to |\n|---|---|---|\n| $0.20 | 1 | 10,000 |\n| $0.15 | 10,001 | no limit |\n',
      ),
    ).toEqual([
      [1, 10000, '0.20'],
      [10001, null, '0.15'],
    ]);
    expect(
      tiers(
        '| Band | Parcels from | Parcels to | Price per parcel (EUR) |\n|---|---|---|---|\n| A | 1 | 5.000 | 1,20 |\n| B | 5.001 | and above | 0,90 |\n',
      ),
    ).toEqual([
      [1, 5000, '1.20'],
      [5001, null, '0.90'],
    ]);
  });
  it('reads a band cell that says "from … to …", "between … and …" or "beyond …", also in a tab-separated table', () => {
    const want = [
      [1, 5000, '0.30'],
      [5001, 20000, '0.25'],
      [20001, null, '0.20'],
    ];
    expect(
      tiers(
        'Prices\nBand\tLetters per month\tPrice per letter\nA\tfrom 1 to 5.000\t€ 0,30\nB\tfrom 5.001 to 20.000\t€ 0,25\nC\tfrom 20.001\t€ 0,20\n',
      ),
    ).toEqual(want);
    expect(
      tiers(
        '| Tranche | Lettres par mois | Prix par lettre |\n|---|---|---|\n| 1 | entre 1 et 5 000 | 0,30 € |\n| 2 | entre 5 001 et 20 000 | 0,25 € |\n| 3 | au-delà de 20 000 | 0,20 € |\n',
      ),
    ).toEqual(want);
  });
});

// Round seventeen: an open band said with a dash and a note; price columns named by their dates alone.
describe('usage bands after a change or open above', () => {
  const bands = (text: string) =>
    extractWithRules(text).terms.usageTiers.map((t) => ({ from: t.from, upTo: t.upTo, unitPrice: t.unitPrice }));

  it('reads an open last band whose upper bound is a dash with a note', () => {
    const table = [
      '| Messages from | Messages to | USD per message |',
      '|---|---|---|',
      '| 1 | 10,000 | 0.040 |',
      '| 10,001 | — (no upper limit) | 0.025 |',
      '',
    ].join('\n');
    expect(bands(table)).toEqual([
      { from: 1, upTo: 10000, unitPrice: '0.040' },
      { from: 10001, upTo: null, unitPrice: '0.025' },
    ]);
  });

  it('reads the prices after the change where the price columns are named by their dates alone', () => {
    const table = [
      'Ab dem 1. März 2029 gelten folgende Preise je Sendung:',
      '',
      '| Sendungen im Monat | bis 28.2.2029 | ab 1.3.2029 |',
      '|---|---|---|',
      "| 1 bis 5'000 | CHF 1.20 | CHF 1.10 |",
      "| ab 5'001 | CHF 0.90 | CHF 0.80 |",
      '',
    ].join('\n');
    expect(bands(table)).toEqual([
      { from: 1, upTo: 5000, unitPrice: '1.10' },
      { from: 5001, upTo: null, unitPrice: '0.80' },
    ]);
  });
});
