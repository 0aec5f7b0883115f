import type { DbOrTx } from '../../db/client.ts';
import { getInvoice } from '../../db/stores/invoice-lifecycle-store.ts';
import { invoiceNotFound, type InvoiceNotFound } from '../policy-gate/context.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export type InvoiceGuardError = InvoiceNotFound | ScopeError;

/**
 * Null when the invoice exists and the actor may act in its legal entity; else why not (the API's
 * 404 and 403). The lifecycle use cases check status, revision and policy themselves; this is the
 * scope every caller gets, not only HTTP's.
 */
export async function guardInvoice(
  db: DbOrTx,
  actor: Actor,
  invoiceId: string,
): Promise<Result<null, InvoiceGuardError>> {
  const invoice = await getInvoice(db, invoiceId);
  if (!invoice) return err(invoiceNotFound(invoiceId));
  return actorMayTouch(actor, invoice.legalEntityId) ? ok(null) : err(outOfScopeError(invoice.legalEntityId));
}
