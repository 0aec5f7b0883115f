/**
 * A short-lived, per-process cache of API key look-ups, keyed by the key's SHA-256. Every request
 * otherwise costs a database round trip before it does anything. An entry lives KEY_CACHE_TTL_MS:
 * a key revoked or a user deactivated by another process (the CLI against a running server) stops
 * working within that time; a revocation in this process (revokeKey) empties the cache at once.
 * Only found keys are cached; an unknown key is looked up every time.
 */
export const KEY_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

let generation = 0;

/** Drops every cached look-up in this process (called when a key is revoked here). */
export function forgetCachedKeys(): void {
  generation += 1;
}

/** A cache of look-ups by key hash with the given time source (ms). */
export function keyCache<T>(nowMs: () => number) {
  const entries = new Map<string, { value: T; expires: number; generation: number }>();
  return {
    get(hash: string): T | undefined {
      const e = entries.get(hash);
      if (!e) return undefined;
      if (e.expires <= nowMs() || e.generation !== generation) {
        entries.delete(hash);
        return undefined;
      }
      return e.value;
    },
    set(hash: string, value: T): void {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(hash, { value, expires: nowMs() + KEY_CACHE_TTL_MS, generation });
    },
  };
}
