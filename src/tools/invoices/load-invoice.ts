import type { DbOrTx } from '../../db/client.ts';
import { findInvoiceId, getInvoiceDetail } from '../../db/stores/invoice-queries.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export type InvoiceDetailRow = NonNullable<Awaited<ReturnType<typeof getInvoiceDetail>>>;
export type LoadInvoiceError = { code: 'INVOICE_NOT_FOUND'; message: string; ref: string } | ScopeError;

/** The invoice a reference (number, id, DRAFT-) names, if the actor may see it: the reads' one guard. */
export async function loadInvoiceDetail(
  db: DbOrTx,
  actor: Actor,
  ref: string,
): Promise<Result<InvoiceDetailRow, LoadInvoiceError>> {
  const id = await findInvoiceId(db, ref);
  const detail = id ? await getInvoiceDetail(db, id) : null;
  if (!detail) return err({ code: 'INVOICE_NOT_FOUND', message: `No invoice ${ref}`, ref });
  if (!actorMayTouch(actor, detail.invoice.legalEntityId)) return err(outOfScopeError(detail.invoice.legalEntityId));
  return ok(detail);
}
