import type { DbOrTx } from '../../db/client.ts';
import { getPayment } from '../../db/stores/payment-store.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export type PaymentGuardError = { code: 'PAYMENT_NOT_FOUND'; message: string; id: string } | ScopeError;

/** Null when the payment exists and the actor may act in its legal entity; else why not (the API's 404 and 403). */
export async function guardPayment(db: DbOrTx, actor: Actor, id: string): Promise<Result<null, PaymentGuardError>> {
  const p = await getPayment(db, id);
  if (!p) return err({ code: 'PAYMENT_NOT_FOUND', message: `No payment ${id}`, id });
  return actorMayTouch(actor, p.legalEntityId) ? ok(null) : err(outOfScopeError(p.legalEntityId));
}
