import type { Context } from 'hono';
import { z } from 'zod';

import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import { getPayment, getPaymentDetail, listPayments } from '../../db/stores/payment-store.ts';
import {
  applyPayment, applyPaymentSchema, disputeInvoice, disputeInvoiceSchema, recordPayment, recordPaymentSchema, resolveDispute, resolveDisputeSchema, reversePayment, reversePaymentSchema,
} from '../../db/usecases/index.ts';
import type { Role } from '../../policy/roles.ts';
import { rolesFor } from '../access.ts';
import type { AuthEnv } from '../auth/context.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, uuidParam } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';
import { sendResult, useCaseContext } from '../use-case.ts';
import { invoiceRefParam } from './invoices.ts';
import { resolveInvoice } from './invoice-actions.ts';
import { moneyView } from '../../shared/money.ts';

/** Who reads payments: those who collect, bill, own the client or the books, audit; the agent for them. Not project managers. */
export const PAYMENT_READERS: readonly Role[] = ['billing_clerk', 'controller', 'collector', 'account_manager', 'finance_admin', 'auditor', 'agent'];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
export const paymentListQuerySchema = paginationSchema.extend({
  client: z.string().max(64).optional().describe('Client code'),
  status: z.enum(['recorded', 'reversed']).optional(),
  unapplied: z.enum(['true', 'false']).optional().describe('true: only recorded payments with cash not applied to any invoice'),
  receivedFrom: isoDate.optional().describe('Received on or after this day'),
  receivedTo: isoDate.optional().describe('Received on or before this day'),
  invoice: z.string().min(1).max(100).optional().describe('Only payments applied to this invoice (number or id)'),
}).extend(entityFilterSchema.shape);

type PaymentListRow = Awaited<ReturnType<typeof listPayments>>['rows'][number];

/** A payment at the boundary: amounts as decimal strings, what is applied and what is left on the client. */
function paymentView(r: Pick<PaymentListRow, 'payment' | 'clientCode' | 'clientName' | 'entityCode' | 'applied'>) {
  const p = r.payment;
  const applied = BigInt(r.applied);
  return {
    id: p.id, legalEntity: r.entityCode, client: { code: r.clientCode, name: r.clientName }, bankReference: p.bankReference, method: p.method,
    receivedOn: p.receivedOn, status: p.status, amount: moneyView(p.amountMinor, p.currency), applied: moneyView(applied, p.currency),
    unapplied: moneyView(p.status === 'reversed' ? 0n : p.amountMinor - applied, p.currency), note: p.note,
    recordedBy: p.recordedBy, recordedFor: p.recordedFor, createdAt: p.createdAt.toISOString(),
    reversal: p.reversedAt ? { at: p.reversedAt.toISOString(), by: p.reversedBy, reason: p.reversalReason } : null,
  };
}

/** The payment when the caller may see its legal entity; else the 404 or 403. */
async function resolvePayment(c: Context<AuthEnv>, deps: ApiDeps, id: string): Promise<{ id: string } | { response: Response }> {
  const p = await getPayment(deps.database.db, id);
  if (!p) return { response: sendError(c, 'PAYMENT_NOT_FOUND', `No payment ${id}`, { id }) };
  if (!mayTouchEntity(c, p.legalEntityId)) return { response: outOfScope(c, p.legalEntityId) };
  return { id: p.id };
}

/** Payments (record, list, read, reverse) and invoice disputes (open, resolve), over the use cases in src/db/usecases. */
export function paymentRoutes(deps: ApiDeps): ApiRoute[] {
  const db = deps.database.db;
  return [
    defineRoute({
      method: 'post', path: '/payments', operationId: 'recordPayment', tag: 'Payments', summary: 'Record a payment received and apply it to invoices',
      description: 'Each allocation goes to a posted invoice of the paying client in the payment\'s currency and is at most its open balance (422 OVERPAYMENT otherwise); '
        + 'what the allocations leave of the amount stays on the client as unapplied cash. Invoices become partially_paid or paid by their balance. '
        + 'The bank reference is the payment\'s identity in its legal entity: the same payment again answers 200 with replayed: true and changes nothing; '
        + 'another payment under it is 409 PAYMENT_REFERENCE_CONFLICT.',
      roles: rolesFor('invoice.record_payment'), body: recordPaymentSchema, errors: [409, 422],
      responses: { 201: { description: 'Recorded', schema: objectSchema('The payment and its effect on each invoice') }, 200: { description: 'The same payment, recorded before' } },
      handler: async (c, { body }) => {
        const r = await recordPayment(deps.database, useCaseContext(c, deps.now()), body);
        return sendResult(c, r, r.ok && !r.value.replayed ? 201 : 200);
      },
    }),
    defineRoute({
      method: 'get', path: '/payments', operationId: 'listPayments', tag: 'Payments', summary: 'List payments, newest received first', roles: PAYMENT_READERS,
      query: paymentListQuerySchema,
      responses: { 200: { description: 'A page of payments', schema: pageOf(objectSchema('A payment')) } },
      handler: async (c, { query: q }) => {
        const scope = await listScope(c, db, q.legalEntity);
        if (!scope.ok) return scope.error;
        let invoiceId: string | undefined;
        if (q.invoice) {
          const found = await findInvoiceId(db, q.invoice);
          // No such invoice is an empty page, like an invoice in another legal entity: the answer never tells which.
          if (!found) return c.json(page([], 0, q.limit, q.offset));
          invoiceId = found;
        }
        const { rows, total } = await listPayments(db, {
          clientCode: q.client, status: q.status, unapplied: q.unapplied === 'true', receivedFrom: q.receivedFrom, receivedTo: q.receivedTo, invoiceId,
          legalEntityIds: scope.value, limit: q.limit, offset: q.offset,
        });
        return c.json(page(rows.map(paymentView), total, q.limit, q.offset));
      },
    }),
    defineRoute({
      method: 'get', path: '/payments/:id', operationId: 'getPayment', tag: 'Payments', summary: 'One payment with its allocations', roles: PAYMENT_READERS,
      params: uuidParam, errors: [404],
      responses: { 200: { description: 'The payment', schema: objectSchema('A payment with allocations') } },
      handler: async (c, { params }) => {
        const d = await getPaymentDetail(db, params.id);
        if (!d) return sendError(c, 'PAYMENT_NOT_FOUND', `No payment ${params.id}`, { id: params.id });
        if (!mayTouchEntity(c, d.payment.legalEntityId)) return outOfScope(c, d.payment.legalEntityId);
        return c.json({
          ...paymentView(d),
          allocations: d.allocations.map((a) => ({ invoiceId: a.allocation.invoiceId, invoiceNumber: a.invoiceNumber, invoiceStatus: a.invoiceStatus,
            amount: moneyView(a.allocation.amountMinor, d.payment.currency) })),
        });
      },
    }),
    defineRoute({
      method: 'post', path: '/payments/:id/apply', operationId: 'applyPayment', tag: 'Payments', summary: "Apply a payment's unapplied cash to invoices",
      description: 'Cash a payment left on the client (it arrived before the invoice, or was more than its allocations) goes to posted invoices of the same client, '
        + 'each at most its open balance (422 OVERPAYMENT) and together at most what is unapplied (422 EXCEEDS_UNAPPLIED); the invoices become partially_paid or paid. '
        + '409 NO_UNAPPLIED_CASH when nothing is left, 409 PAYMENT_ALREADY_REVERSED for a reversed payment. Send an Idempotency-Key: a retry without one applies again while cash is left.',
      roles: rolesFor('invoice.apply_payment'), params: uuidParam, body: applyPaymentSchema.omit({ paymentId: true }), errors: [404, 409, 422],
      responses: { 200: { description: 'Applied', schema: objectSchema('What was applied, what is left unapplied, and each invoice now') } },
      handler: async (c, { params, body }) => {
        const found = await resolvePayment(c, deps, params.id);
        if ('response' in found) return found.response;
        return sendResult(c, await applyPayment(deps.database, useCaseContext(c, deps.now()), applyPaymentSchema.parse({ ...body, paymentId: found.id })));
      },
    }),
    defineRoute({
      method: 'post', path: '/payments/:id/reverse', operationId: 'reversePayment', tag: 'Payments', summary: 'Reverse a payment that bounced',
      description: 'The payment stays on record as reversed; every invoice it paid owes the amount again and its status follows the balance. 409 PAYMENT_ALREADY_REVERSED the second time.',
      roles: rolesFor('invoice.reverse_payment'), params: uuidParam, body: reversePaymentSchema.omit({ paymentId: true }), errors: [404, 409, 422],
      responses: { 200: { description: 'Reversed', schema: objectSchema('The invoices the payment paid, as they are now') } },
      handler: async (c, { params, body }) => {
        const found = await resolvePayment(c, deps, params.id);
        if ('response' in found) return found.response;
        return sendResult(c, await reversePayment(deps.database, useCaseContext(c, deps.now()), reversePaymentSchema.parse({ ...body, paymentId: found.id })));
      },
    }),
    defineRoute({
      method: 'post', path: '/invoices/:ref/dispute', operationId: 'disputeInvoice', tag: 'Invoices', summary: 'Mark an invoice disputed by the client',
      description: 'posted, delivered or partially_paid -> disputed, with the reason and optionally the amount in dispute (at most the open balance). Collectors do not chase a disputed invoice; payments still apply.',
      roles: rolesFor('invoice.dispute'), params: invoiceRefParam, body: disputeInvoiceSchema.omit({ invoiceId: true }), errors: [404, 409, 422],
      responses: { 200: { description: 'Disputed', schema: objectSchema('The dispute') } },
      handler: async (c, { params, body }) => {
        const found = await resolveInvoice(c, deps, params.ref);
        if ('response' in found) return found.response;
        return sendResult(c, await disputeInvoice(deps.database, useCaseContext(c, deps.now()), disputeInvoiceSchema.parse({ ...body, invoiceId: found.id })));
      },
    }),
    defineRoute({
      method: 'post', path: '/invoices/:ref/resolve-dispute', operationId: 'resolveInvoiceDispute', tag: 'Invoices', summary: 'Resolve the dispute of an invoice',
      description: 'upheld (follow with a credit note) or rejected; either way the invoice returns to the status its balance gives (delivered, posted, partially_paid or paid).',
      roles: rolesFor('invoice.resolve_dispute'), params: invoiceRefParam, body: resolveDisputeSchema.omit({ invoiceId: true }), errors: [404, 409, 422],
      responses: { 200: { description: 'Resolved', schema: objectSchema('The resolution and the status now') } },
      handler: async (c, { params, body }) => {
        const found = await resolveInvoice(c, deps, params.ref);
        if ('response' in found) return found.response;
        return sendResult(c, await resolveDispute(deps.database, useCaseContext(c, deps.now()), resolveDisputeSchema.parse({ ...body, invoiceId: found.id })));
      },
    }),
  ];
}
