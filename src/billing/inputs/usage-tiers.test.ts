import { describe, expect, it } from 'vitest';
import { normalizeTiers } from './usage-tiers.ts';

describe('normalizeTiers', () => {
  it('reads "1-50,000 at 0.30, 50,001 and above at 0.25" as 0 to 50,000 (excluded) and 50,000 on', () => {
    expect(
      normalizeTiers([
        { first: '1', last: '50000', unitPrice: '0.30' },
        { first: '50001', last: null, unitPrice: '0.25' },
      ]),
    ).toEqual({
      tiers: [
        { from: '0', upTo: '50000', unitPrice: '0.30' },
        { from: '50000', upTo: null, unitPrice: '0.25' },
      ],
      problems: [],
    });
  });
  it('keeps tiers counted from 0 with upTo excluded as they are', () => {
    const tiers = [
      { from: '0', upTo: '1000', unitPrice: '0.10' },
      { from: '1000', upTo: null, unitPrice: '0.08' },
    ];
    expect(normalizeTiers(tiers)).toEqual({ tiers, problems: [] });
  });
  it('refuses a gap naming the tier and the units in no tier', () => {
    const r = normalizeTiers([
      { first: '1', last: '50000', unitPrice: '0.30' },
      { first: '50002', last: null, unitPrice: '0.25' },
    ]);
    expect(r.problems).toEqual([
      {
        index: 1,
        field: 'first',
        message:
          'usage tier 2 starts at unit 50002 but tier 1 ends at unit 50000: a gap (units in no tier); each tier starts right after the one before',
      },
    ]);
  });
  it('refuses an overlap, as a SOW that writes "0-50,000, 50,000 and above" would in the exclusive form read inclusively', () => {
    const r = normalizeTiers([
      { first: '1', last: '50000', unitPrice: '0.30' },
      { first: '50000', last: null, unitPrice: '0.25' },
    ]);
    expect(r.problems[0]).toMatchObject({
      index: 1,
      message: expect.stringContaining('an overlap (units in two tiers)'),
    });
  });
  it('refuses a first tier that does not start at the first unit, an open tier before the last, and fractional inclusive bounds', () => {
    expect(normalizeTiers([{ first: '2', last: null, unitPrice: '1' }]).problems[0]!.message).toBe(
      'usage tier 1 starts at unit 2: the first tier starts at unit 1',
    );
    expect(
      normalizeTiers([
        { from: '0', upTo: null, unitPrice: '1' },
        { from: '10', upTo: null, unitPrice: '1' },
      ]).problems[0]!.message,
    ).toBe('usage tier 1 is open-ended but tier 2 follows it: only the last tier is open-ended');
    expect(normalizeTiers([{ first: '1', last: '10.5', unitPrice: '1' }]).problems[0]!.message).toContain(
      'whole units',
    );
    expect(normalizeTiers([{ first: '0', last: '10', unitPrice: '1' }]).problems[0]!.message).toContain(
      'units count from 1',
    );
  });
});
