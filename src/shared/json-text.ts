const bigintsAsStrings = (_k: string, x: unknown) => (typeof x === 'bigint' ? x.toString() : x);

/**
 * JSON text with bigints as decimal strings and dates as ISO strings (what HTTP sends, what a
 * catalogue call's stored Result holds), written once: without a replacer first (the common case,
 * and several times faster), and with one only when the value holds a bigint (JSON.stringify
 * throws a TypeError on one). Undefined is written as null.
 */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v ?? null);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(v ?? null, bigintsAsStrings);
  }
}
