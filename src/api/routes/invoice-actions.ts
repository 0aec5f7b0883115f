import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { invoices } from '../../db/schema/index.ts';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import {
  approveInvoice, approveInvoiceSchema, createCreditNote, createCreditNoteSchema, markDelivered, postInvoice, rejectInvoice, rejectInvoiceSchema,
  submitInvoice, submitInvoiceSchema, voidInvoice, voidInvoiceSchema, writeOffInvoice, writeOffInvoiceSchema, type UseCaseContext, type UseCaseDatabase,
} from '../../db/usecases/index.ts';
import type { ActionType } from '../../policy/actions.ts';
import type { Result } from '../../shared/result.ts';
import { rolesFor } from '../access.ts';
import type { AuthEnv } from '../auth/context.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema } from '../schemas.ts';
import { mayTouchEntity, outOfScope } from '../scope.ts';
import { sendResult, useCaseContext } from '../use-case.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';
import { invoiceRefParam } from './invoices.ts';

type UseCase<I> = (db: UseCaseDatabase, ctx: UseCaseContext, input: I) => Promise<Result<unknown, { code: ErrorCode; message: string }>>;

/** The invoice id behind a reference, when the caller may act in its legal entity; else the 404 or 403. */
export async function resolveInvoice(c: Context<AuthEnv>, deps: ApiDeps, ref: string): Promise<{ id: string } | { response: Response }> {
  const id = await findInvoiceId(deps.database.db, ref);
  const [row] = id ? await deps.database.db.select({ entityId: invoices.legalEntityId }).from(invoices).where(eq(invoices.id, id)) : [];
  if (!id || !row) return { response: sendError(c, 'INVOICE_NOT_FOUND', `No invoice ${ref}`, { ref }) };
  if (!mayTouchEntity(c, row.entityId)) return { response: outOfScope(c, row.entityId) };
  return { id };
}

/**
 * One lifecycle action as a route: POST /invoices/:ref/<verb>, the body being the use case's own
 * schema without invoiceId (which comes from the path), the roles those policy lets ask for it.
 */
function action<S extends z.ZodObject>(deps: ApiDeps, def: {
  verb: string; operationId: string; summary: string; description: string; action: ActionType; schema: S; created?: boolean;
  run: UseCase<z.output<S>>;
}): ApiRoute {
  const body = def.schema.omit({ invoiceId: true });
  return defineRoute({
    method: 'post', path: `/invoices/:ref/${def.verb}`, operationId: def.operationId, tag: 'Invoices', summary: def.summary,
    description: def.description, roles: rolesFor(def.action), params: invoiceRefParam, body, errors: [404, 409, 422],
    responses: { [def.created ? 201 : 200]: { description: 'Done', schema: objectSchema('What changed') } },
    handler: async (c, { params, body: input }) => {
      const found = await resolveInvoice(c, deps, params.ref);
      if ('response' in found) return found.response;
      const parsed = def.schema.parse({ ...(input as object), invoiceId: found.id });
      return sendResult(c, await def.run(deps.database, useCaseContext(c, deps.now()), parsed), def.created ? 201 : 200);
    },
  });
}

const emptyBody = submitInvoiceSchema.pick({ invoiceId: true });

/** The invoice lifecycle: submit, approve, reject, post, deliver, void, credit note, write-off (use cases in src/db/usecases). */
export function invoiceActionRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    action(deps, { verb: 'submit', operationId: 'submitInvoice', action: 'invoice.submit', schema: submitInvoiceSchema, run: submitInvoice,
      summary: 'Put a draft up for approval', description: 'draft -> pending_approval; refused while a blocking exception is open or a line is held.' }),
    action(deps, { verb: 'approve', operationId: 'approveInvoice', action: 'invoice.approve', schema: approveInvoiceSchema, run: approveInvoice,
      summary: 'Approve a pending invoice (one level, or all when none is needed)',
      description: 'Grants the next level the approval matrix asks for; the last level approves and numbers the invoice. The preparer and the submitter may not approve; the agent never does.' }),
    action(deps, { verb: 'reject', operationId: 'rejectInvoice', action: 'invoice.reject', schema: rejectInvoiceSchema, run: rejectInvoice,
      summary: 'Send a pending invoice back to draft, with the reason', description: 'pending_approval -> draft.' }),
    action(deps, { verb: 'post', operationId: 'postInvoice', action: 'invoice.post', schema: emptyBody, run: postInvoice,
      summary: 'Post an approved invoice or credit note', description: 'approved -> posted; afterwards corrections are credit notes only.' }),
    action(deps, { verb: 'deliver', operationId: 'markInvoiceDelivered', action: 'invoice.deliver', schema: emptyBody, run: markDelivered,
      summary: 'Record that the client received a posted invoice',
      description: 'posted -> delivered. An invoice paid or disputed before its delivery was recorded keeps its status and gets deliveredAt; a second delivery is 409 ALREADY_DELIVERED.' }),
    action(deps, { verb: 'void', operationId: 'voidInvoice', action: 'invoice.void', schema: voidInvoiceSchema, run: voidInvoice,
      summary: 'Void an invoice before it is posted', description: 'Needs an approval: the first call opens the request (409 APPROVAL_REQUIRED with its requestId); once approved, the same call voids.' }),
    action(deps, { verb: 'credit-notes', operationId: 'createCreditNote', action: 'invoice.credit_note', schema: createCreditNoteSchema, run: createCreditNote, created: true,
      summary: 'Credit a posted invoice', description: 'Always needs approval (409 APPROVAL_REQUIRED opens the request); then creates a numbered credit note negating the chosen lines.' }),
    action(deps, { verb: 'write-off', operationId: 'writeOffInvoice', action: 'invoice.write_off', schema: writeOffInvoiceSchema, run: writeOffInvoice,
      summary: 'Write off what is outstanding on a posted invoice', description: 'Always needs approval; larger amounts by a finance admin.' }),
  ];
}
