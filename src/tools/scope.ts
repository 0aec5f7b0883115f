import { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { legalEntityCodes } from '../db/stores/user-store.ts';
import { authorityOf, inScope } from '../policy/permissions.ts';
import type { Actor } from '../policy/roles.ts';
import { err, ok, type Result } from '../shared/result.ts';

/** The legalEntity filter every list takes; a scoped user naming another entity is refused. */
export const entityFilterSchema = z.object({
  legalEntity: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Only this legal entity (code). Users limited to some entities see only theirs either way.'),
});

export type ScopeError =
  | { code: 'UNKNOWN_LEGAL_ENTITY'; message: string; legalEntity: string }
  | { code: 'ENTITY_OUT_OF_SCOPE'; message: string };

/** True when the actor may act on or read a target owned by this entity (null = a firm-wide target). */
export const actorMayTouch = (actor: Actor, entityId: string | null): boolean =>
  inScope(authorityOf(actor).entityIds, entityId);

/** The refusal for a target in another legal entity (or firm-wide, for an actor limited to some entities); the API's sentences. */
export const outOfScopeError = (entityId: string | null): ScopeError => ({
  code: 'ENTITY_OUT_OF_SCOPE',
  message:
    entityId === null
      ? 'This is firm-wide; your access is limited to some legal entities.'
      : 'This belongs to a legal entity outside your access.',
});

/**
 * The entity ids a list is limited to: the one asked for (if in scope), else the actor's scope
 * (null = all). An unknown entity code is UNKNOWN_LEGAL_ENTITY; one outside the scope ENTITY_OUT_OF_SCOPE.
 */
export async function listScopeOf(
  db: DbOrTx,
  actor: Actor,
  legalEntity: string | undefined,
): Promise<Result<string[] | null, ScopeError>> {
  const scope = authorityOf(actor).entityIds;
  if (legalEntity === undefined) return ok(scope === null ? null : [...scope]);
  const id = (await legalEntityCodes(db)).idByCode.get(legalEntity);
  if (!id)
    return err({ code: 'UNKNOWN_LEGAL_ENTITY', message: `No legal entity with code "${legalEntity}".`, legalEntity });
  if (!inScope(scope, id)) return err(outOfScopeError(id));
  return ok([id]);
}
