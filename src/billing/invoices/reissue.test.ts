import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReissue, type ReissuableLine } from './reissue.ts';

const line = (
  id: string,
  quantity: string,
  unitPrice: string,
  amountMinor: bigint,
  taxRatePercent = '0',
): ReissuableLine => ({
  id,
  quantity,
  unitPrice,
  amountMinor,
  taxMinor: 0n,
  preciseAmount: String(Number(amountMinor) / 100),
  taxRatePercent,
  held: false,
});

describe('planReissue', () => {
  it('re-prices a corrected line and keeps the others to the minor unit', () => {
    const r = planReissue(
      [line('1', '10', '150', 150_000n), line('2', '1', '99.99', 9_999n)],
      [{ line: '1', quantity: '8' }],
      'USD',
    );
    expect(r.ok && r.value.lines.map((l) => [l.lineKey, l.amountMinor])).toEqual([
      ['reissue:1', 120_000n],
      ['reissue:2', 9_999n],
    ]);
    expect(r.ok && r.value.totals.totalMinor).toBe(129_999n);
  });

  it('rounds a corrected amount half up once and taxes it at the line rate', () => {
    const r = planReissue(
      [line('1', '1', '10', 1_000n, '20')],
      [{ line: '1', quantity: '1.5', unitPrice: '3.333' }],
      'USD',
    );
    // 4.9995 -> 5.00; 20% tax = 1.00
    expect(r.ok && r.value.lines[0]).toMatchObject({ amountMinor: 500n, taxMinor: 100n, preciseAmount: '4.9995' });
  });

  it('leaves a removed line off, and refuses removing every line', () => {
    const lines = [line('1', '10', '150', 150_000n), line('2', '1', '50', 5_000n)];
    const r = planReissue(lines, [{ line: '2', remove: true }], 'USD');
    expect(r.ok && r.value.lines.map((l) => l.sourceId)).toEqual(['1']);
    const none = planReissue(
      lines,
      [
        { line: '1', remove: true },
        { line: '2', remove: true },
      ],
      'USD',
    );
    expect(none.ok ? 'ok' : none.error.code).toBe('CORRECTION_INVALID');
  });

  it('refuses a line that is not on the invoice, a line corrected twice and an empty correction', () => {
    const lines = [line('1', '10', '150', 150_000n)];
    for (const c of [
      [{ line: '9', quantity: '1' }],
      [
        { line: '1', quantity: '1' },
        { line: '1', unitPrice: '2' },
      ],
      [{ line: '1' }],
    ]) {
      const r = planReissue(lines, c, 'USD');
      expect(r.ok ? 'ok' : r.error.code).toBe('CORRECTION_INVALID');
    }
  });

  it('always totals exactly the sum of its lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1_000_000 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (rows) => {
          const lines = rows.map(([q, p], i) =>
            line(String(i + 1), String(q / 4), String(p / 100), BigInt(q * p), '19'),
          );
          const r = planReissue(
            lines,
            rows.map((_, i) => ({ line: String(i + 1), quantity: '1' })),
            'EUR',
          );
          if (!r.ok) return false;
          const sum = r.value.lines.reduce((s, l) => s + l.amountMinor + l.taxMinor, 0n);
          return sum === r.value.totals.totalMinor;
        },
      ),
    );
  });
});
