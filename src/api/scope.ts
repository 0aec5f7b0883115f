import type { Context } from 'hono';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { legalEntityCodes } from '../db/stores/user-store.ts';
import { inScope } from '../policy/permissions.ts';
import { ok, type Result } from '../shared/result.ts';
import type { AuthEnv } from './auth/context.ts';
import { sendError } from './error-map.ts';

/** The legalEntity filter every list takes; a scoped user naming another entity gets 403. */
export const entityFilterSchema = z.object({
  legalEntity: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Only this legal entity (code). Users limited to some entities see only theirs either way.'),
});

/** True when the caller may act on a target owned by this entity (null = a firm-wide target). */
export const mayTouchEntity = (c: Context<AuthEnv>, entityId: string | null): boolean =>
  inScope(c.get('auth').authority.entityIds, entityId);

/** The 403 for a target in another legal entity (or firm-wide, for a user limited to some entities). */
export function outOfScope(c: Context<AuthEnv>, entityId: string | null): Response {
  return sendError(
    c,
    'ENTITY_OUT_OF_SCOPE',
    entityId === null
      ? 'This is firm-wide; your access is limited to some legal entities.'
      : 'This belongs to a legal entity outside your access.',
  );
}

// The refusal is already a response (err() takes only errors with a code of src/shared/error-codes.ts).
const refused = (response: Response) => ({ ok: false as const, error: response });

/**
 * The entity ids a list is limited to: the one asked for (if in scope), else the caller's scope
 * (null = all). An unknown entity code is 400; an entity outside the caller's scope is 403.
 */
export async function listScope(
  c: Context<AuthEnv>,
  db: DbOrTx,
  legalEntity: string | undefined,
): Promise<Result<string[] | null, Response>> {
  const scope = c.get('auth').authority.entityIds;
  if (legalEntity === undefined) return ok(scope === null ? null : [...scope]);
  const { idByCode } = await legalEntityCodes(db);
  const id = idByCode.get(legalEntity);
  if (!id)
    return refused(
      sendError(c, 'UNKNOWN_LEGAL_ENTITY', `No legal entity with code "${legalEntity}".`, { legalEntity }),
    );
  if (!inScope(scope, id)) return refused(outOfScope(c, id));
  return ok([id]);
}

/** Firm-wide reads (audit trail, billing runs): 403 for a user limited to some entities. */
export function requireFirmWide(c: Context<AuthEnv>): Response | null {
  return c.get('auth').authority.entityIds === null ? null : outOfScope(c, null);
}
