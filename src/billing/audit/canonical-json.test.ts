import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, toJsonValue, type CanonicalValue } from './canonical-json.ts';

describe('canonicalJson', () => {
  it.each<[string, CanonicalValue, string]>([
    [
      'sorts object keys at every depth',
      { b: 1, a: { d: [1, { z: 0, y: 1 }], c: null } },
      '{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}',
    ],
    [
      'writes a bigint as its decimal string',
      { amountMinor: -12345678901234567890n },
      '{"amountMinor":"-12345678901234567890"}',
    ],
    ['drops undefined members', { a: undefined, b: 2 }, '{"b":2}'],
    ['writes -0 as 0', { n: -0 }, '{"n":0}'],
    ['escapes strings as JSON does', { s: 'a"b\\c\n\u2028é' }, `{"s":${JSON.stringify('a"b\\c\n\u2028é')}}`],
  ])('%s', (_name, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it.each<[string, unknown]>([
    ['NaN', { n: Number.NaN }],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['a Date', { at: new Date(0) }],
    ['a Map', { m: new Map() }],
    ['a function', { f: () => 1 }],
    ['a symbol', { s: Symbol('x') }],
    ['undefined at the top', undefined],
  ])('throws on %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('is a fixed point after a JSON round trip, as jsonb gives values back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(toJsonValue(JSON.parse(text)))).toBe(text);
      }),
    );
  });
});
