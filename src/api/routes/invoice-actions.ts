import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import { invoices } from '../../db/schema/index.ts';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import type { z } from 'zod';
import type { DomainError, Tool } from '../../tools/define-tool.ts';
import { invoicesApprove } from '../../tools/invoices/approve-invoice.ts';
import { invoicesCredit } from '../../tools/invoices/credit-invoice.ts';
import { invoicesApplyLateFee } from '../../tools/invoices/apply-late-fee.ts';
import { invoicesDeliver } from '../../tools/invoices/deliver-invoice.ts';
import { invoicesPost } from '../../tools/invoices/post-invoice.ts';
import { invoicesReject } from '../../tools/invoices/reject-invoice.ts';
import { invoicesSubmit } from '../../tools/invoices/submit-invoice.ts';
import { invoicesVoid } from '../../tools/invoices/void-invoice.ts';
import { invoicesWriteOff } from '../../tools/invoices/write-off-invoice.ts';
import { rolesFor } from '../access.ts';
import type { AuthEnv } from '../auth/context.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { mayTouchEntity, outOfScope } from '../scope.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';
import { invoiceRefParam } from './invoices.ts';

/** The invoice id behind a reference, when the caller may act in its legal entity; else the 404 or 403. */
export async function resolveInvoice(
  c: Context<AuthEnv>,
  deps: ApiDeps,
  ref: string,
): Promise<{ id: string } | { response: Response }> {
  const id = await findInvoiceId(deps.database.db, ref);
  const [row] = id
    ? await deps.database.db.select({ entityId: invoices.legalEntityId }).from(invoices).where(eq(invoices.id, id))
    : [];
  if (!id || !row) return { response: sendError(c, 'INVOICE_NOT_FOUND', `No invoice ${ref}`, { ref }) };
  if (!mayTouchEntity(c, row.entityId)) return { response: outOfScope(c, row.entityId) };
  return { id };
}

/**
 * One lifecycle action as a route: POST /invoices/:ref/<verb> over its catalogue entry, the body
 * being the entry's input without invoiceId (which comes from the path), the roles those policy lets
 * ask for it, the Idempotency-Key the call's key.
 */
function action<S extends z.ZodObject<{ invoiceId: z.ZodUUID }>>(
  deps: ApiDeps,
  def: {
    verb: string;
    operationId: string;
    summary: string;
    description: string;
    tool: Tool<S, z.ZodType, DomainError>;
    created?: boolean;
  },
): ApiRoute {
  const { tool } = def;
  return defineRoute({
    method: 'post',
    path: `/invoices/:ref/${def.verb}`,
    operationId: def.operationId,
    tool,
    tag: 'Invoices',
    summary: def.summary,
    description: def.description,
    roles: rolesFor(tool.policyAction!),
    params: invoiceRefParam,
    body: tool.input.omit({ invoiceId: true }),
    errors: [404, 409, 422],
    idempotency: 'tool',
    responses: { [def.created ? 201 : 200]: { description: 'Done', schema: tool.output } },
    handler: async (c, { params, body }) => {
      const found = await resolveInvoice(c, deps, params.ref);
      if ('response' in found) return found.response;
      return sendToolResult(
        c,
        await callToolFor(c, deps, tool, { ...(body as object), invoiceId: found.id } as z.input<S>),
        def.created ? 201 : 200,
      );
    },
  });
}

/** The invoice lifecycle: submit, approve, reject, post, deliver, void, credit note, write-off (catalogue entries in src/tools/invoices). */
export function invoiceActionRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    action(deps, {
      verb: 'submit',
      operationId: 'submitInvoice',
      tool: invoicesSubmit,
      summary: 'Put a draft up for approval',
      description: 'draft -> pending_approval; refused while a blocking exception is open or a line is held.',
    }),
    action(deps, {
      verb: 'approve',
      operationId: 'approveInvoice',
      tool: invoicesApprove,
      summary: 'Approve a pending invoice (one level, or all when none is needed)',
      description:
        'Grants the next level the approval matrix asks for; the last level approves and numbers the invoice. The preparer and the submitter may not approve; the agent never does.',
    }),
    action(deps, {
      verb: 'reject',
      operationId: 'rejectInvoice',
      tool: invoicesReject,
      summary: 'Send a pending invoice back to draft, with the reason',
      description: 'pending_approval -> draft.',
    }),
    action(deps, {
      verb: 'post',
      operationId: 'postInvoice',
      tool: invoicesPost,
      summary: 'Post an approved invoice or credit note',
      description: 'approved -> posted; afterwards corrections are credit notes only.',
    }),
    action(deps, {
      verb: 'deliver',
      operationId: 'markInvoiceDelivered',
      tool: invoicesDeliver,
      summary: 'Record that the client received a posted invoice',
      description:
        'posted -> delivered. An invoice paid or disputed before its delivery was recorded keeps its status and gets deliveredAt; a second delivery is 409 ALREADY_DELIVERED.',
    }),
    action(deps, {
      verb: 'void',
      operationId: 'voidInvoice',
      tool: invoicesVoid,
      summary: 'Void an invoice before it is posted',
      description:
        'Needs an approval: the first call opens the request (409 APPROVAL_REQUIRED with its requestId); once approved, the same call voids.',
    }),
    action(deps, {
      verb: 'credit-notes',
      operationId: 'createCreditNote',
      tool: invoicesCredit,
      created: true,
      summary: 'Credit a posted invoice',
      description:
        'Always needs approval (409 APPROVAL_REQUIRED opens the request); then creates a numbered credit note negating the chosen lines.',
    }),
    action(deps, {
      verb: 'late-fee',
      operationId: 'applyLateFee',
      tool: invoicesApplyLateFee,
      created: true,
      summary: 'Charge the late fee of an overdue invoice on an invoice of its own',
      description:
        "Needs an account manager's approval (409 APPROVAL_REQUIRED opens the request); then creates a one-line draft fee invoice. " +
        'One fee per invoice and step: a second call returns the first.',
    }),
    action(deps, {
      verb: 'write-off',
      operationId: 'writeOffInvoice',
      tool: invoicesWriteOff,
      summary: 'Write off what is outstanding on a posted invoice',
      description: 'Always needs approval; larger amounts by a finance admin.',
    }),
  ];
}
