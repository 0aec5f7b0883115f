import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from './json-text.ts';

describe('jsonText', () => {
  it('writes bigints as decimal strings wherever they are, and dates as ISO strings', () => {
    const value = {
      totalMinor: 123456789012345678901234567890n,
      lines: [{ amountMinor: -5n, at: new Date('2026-12-06T08:00:00Z') }],
      note: null,
    };
    expect(JSON.parse(jsonText(value))).toEqual({
      totalMinor: '123456789012345678901234567890',
      lines: [{ amountMinor: '-5', at: '2026-12-06T08:00:00.000Z' }],
      note: null,
    });
  });

  it('is the text of the bigint-free value JSON.stringify writes (both paths agree)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt(), (v, b) => {
        expect(jsonText(v)).toBe(JSON.stringify(v));
        // With a bigint beside it: the same as the value with that bigint written as its decimal string.
        expect(jsonText({ v, b })).toBe(JSON.stringify({ v, b: b.toString() }));
      }),
    );
  });
});
