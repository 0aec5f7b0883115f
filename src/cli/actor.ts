import type { DbOrTx } from '../db/client.ts';
import { findUserByKeyHash } from '../db/stores/user-store.ts';
import { actorOf, toIdentity } from '../policy/identity.ts';
import type { Actor } from '../policy/roles.ts';
import { hashApiKey, hashesEqual, looksLikeApiKey } from '../shared/api-keys.ts';

/**
 * The person a key belongs to, by the same look-up the API authenticates with; null for a bad,
 * revoked or inactive key, or the agent's (which needs a principal to act for). Commands that write
 * through policy act as this person; the key comes from BILLING_COPILOT_API_KEY, never from argv.
 */
export async function actorOfKey(db: DbOrTx, key: string): Promise<Actor | null> {
  if (!looksLikeApiKey(key)) return null;
  const hash = hashApiKey(key);
  const found = await findUserByKeyHash(db, hash);
  if (!found || !hashesEqual(found.key.keyHash, hash) || found.user.kind !== 'person') return null;
  return actorOf(toIdentity(found.user), null);
}
