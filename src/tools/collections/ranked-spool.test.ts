import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StagedRow } from '../../db/stores/worklist-staging-store.ts';
import { RankedSpool } from './ranked-spool.ts';

/** numeric's order of two non-negative decimal texts (exact: digits compared, not doubles). */
function decimalOrder(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.'),
    [bi = '', bf = ''] = b.split('.');
  const x = BigInt(ai + af.padEnd(4, '0')),
    y = BigInt(bi + bf.padEnd(4, '0'));
  return x === y ? 0 : x < y ? -1 : 1;
}

/** The ranking statement's order: priority DESC, days_past_due DESC, invoice_id (uuid bytes, as their hex text). */
function sqlOrder(a: StagedRow, b: StagedRow): number {
  return (
    decimalOrder(b.priority, a.priority) ||
    b.days_past_due - a.days_past_due ||
    (a.invoice_id < b.invoice_id ? -1 : a.invoice_id > b.invoice_id ? 1 : 0)
  );
}

const row = (over: Partial<StagedRow>): StagedRow => ({
  invoice_id: '00000000-0000-4000-8000-000000000000',
  collector_id: null,
  priority: '0.0000',
  action: 'monitor',
  step: null,
  reasons: [],
  open_minor: '100',
  currency: 'USD',
  days_past_due: 0,
  late_probability: '0.5000',
  expected_days_late: '1.00',
  dispute_probability: '0.0100',
  ...over,
});

// Few distinct values, so ties on priority and on days past due are common and the later keys decide.
const hex = fc.constantFrom(...'0123456789abcdef'.split(''));
const uuid = fc
  .array(hex, { minLength: 32, maxLength: 32 })
  .map((h) => h.join(''))
  .map((h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
const priority = fc.oneof(
  fc.constantFrom('0.0000', '1.0000', '1.0001', '0.9999', '12.5000'),
  fc.double({ min: 0, max: 1e15, noNaN: true }).map((p) => p.toFixed(4)),
  // Past 2^53 a double's integer part still has one exact decimal (numeric(20,4) takes up to 10^16).
  fc.bigInt({ min: 2n ** 53n, max: 10n ** 16n - 1n }).map((n) => `${Number(n)}.0000`),
);
const rows = fc.uniqueArray(
  fc.record({ invoice_id: uuid, priority, days_past_due: fc.integer({ min: -40, max: 400 }) }),
  { selector: (r) => r.invoice_id, maxLength: 300 },
);

describe('RankedSpool', () => {
  it('ranks rows as the ranking statement orders them, over any split into chunks', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 50 }), (keys, chunk) => {
        const all = keys.map((k) => row(k));
        const spool = new RankedSpool();
        for (let i = 0; i < all.length; i += chunk) spool.add(all.slice(i, i + chunk));
        const rank = new Uint32Array(all.length);
        spool.order().forEach((i, r) => {
          rank[i] = r + 1;
        });
        const expected = [...all].sort(sqlOrder);
        const byRank = all.map((r, i) => ({ r, rank: rank[i] as number })).sort((a, b) => a.rank - b.rank);
        expect(byRank.map((x) => x.rank)).toEqual(all.map((_, i) => i + 1));
        expect(byRank.map((x) => x.r.invoice_id)).toEqual(expected.map((r) => r.invoice_id));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the rows in rank order as COPY text with their run and rank, texts escaped and reasons as a JSON array', () => {
    const spool = new RankedSpool();
    const a = row({
      invoice_id: '00000000-0000-4000-8000-00000000000a',
      collector_id: '00000000-0000-4000-8000-0000000000c1',
      priority: '5.0000',
      action: 'reminder',
      step: 'friendly@7',
      reasons: ['Already 7 days past due', 'a "quoted"\ttab and a back\\slash', 'é'],
    });
    const b = row({ invoice_id: '00000000-0000-4000-8000-00000000000b', priority: '9.0000' });
    spool.add([a]);
    spool.add([b]);
    spool.sort();
    const text = Buffer.concat([...spool.copyText('r', 1)]).toString('utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    const unescape = (f: string) => f.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c);
    const fields = lines.map((l) => l.split('\t').map((f) => (f === '\\N' ? null : unescape(f))));
    expect(fields[1]!.slice(0, 9)).toEqual([
      'r',
      '2',
      a.invoice_id,
      a.collector_id,
      '5.0000',
      'reminder',
      'friendly@7',
      JSON.stringify(a.reasons),
      '100',
    ]);
    expect(JSON.parse(fields[1]![7]!)).toEqual(a.reasons);
    expect(fields[0]!.slice(0, 8)).toEqual(['r', '1', b.invoice_id, null, '9.0000', 'monitor', null, '[]']);
    expect(fields.every((f) => f.length === 14)).toBe(true);
  });

  it('refuses a priority below zero and an invoice id that is no uuid', () => {
    expect(() => new RankedSpool().add([row({ priority: '-1.0000' })])).toThrow(/below zero/);
    expect(() => new RankedSpool().add([row({ invoice_id: 'inv-1' })])).toThrow(/uuid/);
  });
});
