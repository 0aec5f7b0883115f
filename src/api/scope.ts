import type { Context } from 'hono';
import { inScope } from '../policy/permissions.ts';
import type { AuthEnv } from './auth/context.ts';
import { sendError } from './error-map.ts';

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

/** Firm-wide reads (audit trail, billing runs): 403 for a user limited to some entities. */
export function requireFirmWide(c: Context<AuthEnv>): Response | null {
  return c.get('auth').authority.entityIds === null ? null : outOfScope(c, null);
}
