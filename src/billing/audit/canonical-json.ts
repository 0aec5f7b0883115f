/**
 * Canonical JSON: one byte-exact text per value, so a hash over it is stable across processes,
 * drivers and a round trip through jsonb. Object keys are sorted (UTF-16 code unit order), bigint
 * becomes its decimal string, undefined object members are dropped (as JSON.stringify does).
 * Anything JSON cannot carry exactly (NaN, Infinity, functions, symbols, class instances such as
 * Date or Map) throws: that is a bug in the caller, not a business outcome.
 */

/**
 * What canonicalJson accepts: plain JSON plus bigint. Functions take `unknown` rather than this
 * type because domain types are interfaces, which TypeScript will not match to an index signature;
 * the walk checks every value at run time instead.
 */
export type CanonicalValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

/** What a CanonicalValue becomes after canonicalisation and JSON.parse: plain JSON, bigints as strings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The canonical JSON text of a value.
 * @example canonicalJson({ b: 1n, a: [true, null] }) // '{"a":[true,null],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** The value as plain JSON (bigints as strings, keys sorted): what jsonb stores and gives back. */
export function toJsonValue(value: unknown): JsonValue {
  return JSON.parse(canonicalJson(value)) as JsonValue;
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot carry`);
      // -0 and 0 are one JSON number; JSON.stringify already writes -0 as "0".
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value))
        return `[${value.map((v, i) => write(v === undefined ? null : v, `${path}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(
          `canonicalJson: ${path} is a ${(value as object).constructor?.name ?? 'non-plain object'}; pass plain data`,
        );
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot carry`);
  }
}
