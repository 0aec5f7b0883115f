import { z } from 'zod';
import { revokeApiKey } from '../../db/stores/access-writes.ts';
import { forgetCachedKeys } from '../../db/stores/key-cache.ts';
import { apiKeyById } from '../../db/stores/user-store.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { auditAccess, passAccessGate } from './access-gate.ts';

export type RevokeKeyError =
  | { code: 'KEY_NOT_FOUND'; message: string; keyId: string }
  | { code: 'KEY_ALREADY_REVOKED'; message: string; keyId: string }
  | GateError;

/** Thrown inside the revoking transaction to roll it back with the refusal. */
class Refused extends Error {
  constructor(readonly error: RevokeKeyError) {
    super(error.message);
  }
}

/**
 * users_revoke_key: the next request with the key is 401 in this process at once, in a server
 * running elsewhere within KEY_CACHE_TTL_MS (its key cache). Its own transaction, so the cache is
 * forgotten after the revocation commits, not before.
 */
export const usersRevokeKey = defineTool({
  name: 'users_revoke_key',
  description:
    "Revokes an API key by its id (see the users list): requests with it get 401 from now on. An administrator revokes anyone's key, " +
    'the console operator only while the firm has no administrator.',
  input: z.object({ keyId: z.string().uuid().describe("The key's id (not the key)") }),
  output: z.object({
    keyId: z.string(),
    userId: z.string(),
    prefix: z.string().describe('The first characters of the key'),
  }),
  risk: 'write',
  policyAction: 'api_key.revoke',
  transaction: 'own',
  handler: async (ctx, input): Promise<Result<{ keyId: string; userId: string; prefix: string }, RevokeKeyError>> => {
    try {
      const revoked = await ctx.db.transaction(async (tx) => {
        const tctx = { ...ctx, db: tx };
        const key = await apiKeyById(tx, input.keyId);
        if (!key) throw new Refused({ code: 'KEY_NOT_FOUND', message: `No key ${input.keyId}`, keyId: input.keyId });
        const gate = await passAccessGate(tctx, {
          type: 'api_key.revoke',
          target: { kind: 'user', id: key.userId },
          args: { keyId: key.id },
        });
        if (!gate.ok) throw new Refused(gate.error);
        const r = await revokeApiKey(tx, input.keyId, ctx.now);
        if (!r.ok)
          throw new Refused({
            code: r.error.code,
            message:
              r.error.code === 'KEY_NOT_FOUND' ? `No key ${input.keyId}` : `Key ${input.keyId} was already revoked`,
            keyId: input.keyId,
          });
        await auditAccess(tctx, gate.value, {
          action: 'api_key.revoke',
          targetType: 'user',
          targetId: r.value.userId,
          before: { keyId: input.keyId, revokedAt: null },
          after: { keyId: input.keyId, keyPrefix: r.value.prefix, revokedAt: ctx.now.toISOString() },
        });
        return r.value;
      });
      forgetCachedKeys();
      return ok({ keyId: revoked.id, userId: revoked.userId, prefix: revoked.prefix });
    } catch (e) {
      if (e instanceof Refused) return err(e.error);
      throw e;
    }
  },
});
