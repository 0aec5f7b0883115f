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
});
