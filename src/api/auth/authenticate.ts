import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/client.ts';
import { findActiveUserByEmail, findUserByKeyHash, touchApiKey } from '../../db/stores/user-store.ts';
import { sendError } from '../error-map.ts';
import { keyCache } from '../../db/stores/key-cache.ts';
import { toIdentity } from '../../policy/identity.ts';
import { hashApiKey, hashesEqual, looksLikeApiKey } from '../../shared/api-keys.ts';
import { requestAuth, type AuthEnv } from './context.ts';

/** Paths anyone may read: liveness and the API's own documentation. */
export const PUBLIC_PATHS = new Set(['/health', '/openapi.json', '/docs']);

/** How often last_used_at is written per key: a write on every request would double the hot path's cost. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Bearer-key authentication. A missing, malformed, unknown or revoked key, or an inactive user,
 * is one and the same 401 (no oracle for which). The key is looked up by its SHA-256, and the
 * found hash compared again in constant time. The agent identity must name, in X-On-Behalf-Of, an
 * active person it acts for; nobody else may send that header. Found keys are cached for
 * KEY_CACHE_TTL_MS (key-cache.ts), so a revocation from another process takes effect within that.
 */
export function authenticate(db: Db, now: () => Date = () => new Date()): MiddlewareHandler<AuthEnv> {
  const touched = new Map<string, number>();
  const cache = keyCache<NonNullable<Awaited<ReturnType<typeof findUserByKeyHash>>>>(() => now().getTime());
  const unauthenticated = (c: Parameters<MiddlewareHandler>[0]) =>
    sendError(c, 'UNAUTHENTICATED', 'Send a valid API key as "Authorization: Bearer <key>".');
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !looksLikeApiKey(match[1]!)) return unauthenticated(c);
    const hash = hashApiKey(match[1]!);
    let found = cache.get(hash);
    if (!found) {
      found = (await findUserByKeyHash(db, hash)) ?? undefined;
      if (found) cache.set(hash, found);
    }
    if (!found || !hashesEqual(found.key.keyHash, hash)) return unauthenticated(c);
    const user = toIdentity(found.user);
    const behalf = c.req.header('x-on-behalf-of');
    let onBehalfOf = null;
    if (user.kind === 'agent') {
      if (!behalf)
        return sendError(
          c,
          'ON_BEHALF_OF_REQUIRED',
          'The agent acts only for a named person: send X-On-Behalf-Of: <user email>.',
        );
      const principal = await findActiveUserByEmail(db, behalf.trim());
      if (!principal || principal.kind !== 'person') {
        return sendError(c, 'ON_BEHALF_OF_INVALID', 'X-On-Behalf-Of must name an active person.', {
          onBehalfOf: behalf,
        });
      }
      onBehalfOf = toIdentity(principal);
    } else if (behalf !== undefined) {
      return sendError(c, 'DELEGATION_NOT_ALLOWED', 'Only the agent identity acts on behalf of someone.');
    }
    c.set('auth', requestAuth(user, onBehalfOf, found.key.id));
    const t = now().getTime();
    if ((touched.get(found.key.id) ?? 0) + TOUCH_EVERY_MS <= t) {
      if (touched.size > 10_000) touched.clear();
      touched.set(found.key.id, t);
      await touchApiKey(db, found.key.id, new Date(t));
    }
    return next();
  };
}
