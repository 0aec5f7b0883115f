import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { approvalRequests } from '../../db/schema/index.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export type RequestGuardError = { code: 'APPROVAL_REQUEST_NOT_FOUND'; message: string; requestId: string } | ScopeError;

/** The request when it exists and the actor may act in its legal entity; else why not (the API's 404 and 403). */
export async function guardRequest(db: DbOrTx, actor: Actor, id: string): Promise<Result<null, RequestGuardError>> {
  const [found] = await db
    .select({ entityId: approvalRequests.legalEntityId })
    .from(approvalRequests)
    .where(eq(approvalRequests.id, id));
  if (!found) return err({ code: 'APPROVAL_REQUEST_NOT_FOUND', message: `No approval request ${id}`, requestId: id });
  return actorMayTouch(actor, found.entityId) ? ok(null) : err(outOfScopeError(found.entityId));
}
