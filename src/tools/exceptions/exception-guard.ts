import { exceptionEntityId, getException } from '../../db/stores/exception-store.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export type ExceptionGuardError = { code: 'EXCEPTION_NOT_FOUND'; message: string; exceptionId: string } | ScopeError;

/** The exception when it exists and the actor may act in its legal entity; else why not (the API's 404 and 403). */
export async function guardException(db: DbOrTx, actor: Actor, id: string): Promise<Result<null, ExceptionGuardError>> {
  const e = await getException(db, id);
  if (!e) return err({ code: 'EXCEPTION_NOT_FOUND', message: `No exception ${id}`, exceptionId: id });
  const entityId = await exceptionEntityId(db, e);
  return actorMayTouch(actor, entityId) ? ok(null) : err(outOfScopeError(entityId));
}
