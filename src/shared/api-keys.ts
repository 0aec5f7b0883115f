import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so a leaked key is recognisable (secret scanners, logs). */
export const KEY_PREFIX = 'bc_';
const KEY_SHAPE = /^bc_[A-Za-z0-9_-]{43}$/;

/** A new API key: 32 random bytes, base64url, behind `bc_`. Only the hash is ever stored. */
export interface NewApiKey {
  /** The key itself: shown once, never stored or logged. */
  key: string;
  /** The first characters, safe to show in lists. */
  prefix: string;
  hash: string;
}

/** Generates a key and its hash. */
export function generateApiKey(): NewApiKey {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

/** Hex SHA-256 of a key. A 256-bit random key needs no slow hash: it cannot be guessed from its hash. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** True when the string has the shape of a key (cheap check before any database look-up). */
export const looksLikeApiKey = (s: string): boolean => KEY_SHAPE.test(s);

/** Compares two hex hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
