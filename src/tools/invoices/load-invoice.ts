import type { DbOrTx } from '../../db/client.ts';
import { findInvoiceId, getInvoiceDetail } from '../../db/stores/invoice-queries.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export type InvoiceDetailRow = NonNullable<Awaited<ReturnType<typeof getInvoiceDetail>>>;
export type LoadInvoiceError = { code: 'INVOICE_NOT_FOUND'; message: string; ref: string } | ScopeError;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The invoice a reference (number, id, DRAFT-) names, if the actor may see it: the reads' one guard. */
export async function loadInvoiceDetail(
  db: DbOrTx,
  actor: Actor,
  ref: string,
): Promise<Result<InvoiceDetailRow, LoadInvoiceError>> {
  // A UUID needs no look-up: the detail query finds it or not (one round trip fewer on the hot path).
  const id = UUID.test(ref) ? ref.toLowerCase() : await findInvoiceId(db, ref);
  const detail = id ? await getInvoiceDetail(db, id) : null;
  if (!detail) return err({ code: 'INVOICE_NOT_FOUND', message: `No invoice ${ref}`, ref });
  if (!actorMayTouch(actor, detail.invoice.legalEntityId)) return err(outOfScopeError(detail.invoice.legalEntityId));
  return ok(detail);
}
