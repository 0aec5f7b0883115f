import { invoicesDispute } from '../../tools/invoices/dispute-invoice.ts';
import { invoicesResolveDispute } from '../../tools/invoices/resolve-dispute.ts';
import { disputesList } from '../../tools/disputes/list-disputes.ts';
import { disputesUpdate, updateDisputeSchema } from '../../tools/disputes/update-dispute.ts';
import { paymentsApply } from '../../tools/payments/apply-payment.ts';
import { paymentListQuerySchema, paymentsList } from '../../tools/payments/list-payments.ts';
import { PAYMENT_READERS } from '../../tools/payments/payment-view.ts';
import { paymentsRecord, recordPaymentSchema } from '../../tools/payments/record-payment.ts';
import { paymentsReverse } from '../../tools/payments/reverse-payment.ts';
import { paymentsShow } from '../../tools/payments/show-payment.ts';
import { paymentsSuggestApplication } from '../../tools/payments/suggest-application.ts';
import { rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';
import { invoiceRefParam } from './invoices.ts';
import { resolveInvoice } from './invoice-actions.ts';

export { PAYMENT_READERS, paymentListQuerySchema };

/** Payments (record, list, read, reverse) and invoice disputes (open, resolve), over their catalogue entries. */
export function paymentRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/payments',
      operationId: 'recordPayment',
      tool: paymentsRecord,
      tag: 'Payments',
      summary: 'Record a payment received and apply it to invoices',
      description:
        "Each allocation goes to a posted invoice of the paying client in the payment's currency and is at most its open balance (422 OVERPAYMENT otherwise); " +
        "the payment belongs to the legal entity that received the cash (legalEntity; by default the one that issued the invoices it pays, else the client's), " +
        'and each invoice must be one that entity issued (422 PAYMENT_MIXES_ENTITIES naming the others; 403 when the entity is outside your access). ' +
        'what the allocations leave of the amount stays on the client as unapplied cash. Invoices become partially_paid or paid by their balance. ' +
        "The bank reference is the payment's identity in its legal entity: the same payment again answers 200 with replayed: true and changes nothing; " +
        'another payment under it is 409 PAYMENT_REFERENCE_CONFLICT.',
      roles: rolesFor('invoice.record_payment'),
      body: recordPaymentSchema,
      errors: [409, 422],
      idempotency: 'tool',
      responses: {
        201: { description: 'Recorded', schema: paymentsRecord.output },
        200: { description: 'The same payment, recorded before (replayed: true)', schema: paymentsRecord.output },
      },
      handler: async (c, { body }) => {
        const r = await callToolFor(c, deps, paymentsRecord, body);
        return sendToolResult(c, r, r.ok && !r.value.replayed ? 201 : 200);
      },
    }),
    toolRoute(deps, paymentsList, {
      method: 'get',
      path: '/payments',
      operationId: 'listPayments',
      tag: 'Payments',
      summary: 'List payments, newest received first',
      responseDescription: 'A page of payments',
    }),
    toolRoute(deps, paymentsShow, {
      method: 'get',
      path: '/payments/:id',
      pathFields: { id: 'id' },
      operationId: 'getPayment',
      tag: 'Payments',
      summary: 'One payment with its allocations',
      errors: [404],
      responseDescription: 'The payment',
    }),
    toolRoute(deps, paymentsSuggestApplication, {
      method: 'get',
      path: '/payments/:id/suggestions',
      pathFields: { id: 'paymentId' },
      operationId: 'suggestPaymentApplication',
      tag: 'Payments',
      summary: "Suggest invoices for a payment's unapplied cash",
      description:
        'Ranked ways to apply what the payment has not applied (from a bank statement, the payment provider or typed in) to open invoices of its client in its currency: ' +
        'each with a confidence (exact, probable), the reason, and the body of POST /payments/{id}/apply that makes it. Nothing is applied. ' +
        '409 NO_UNAPPLIED_CASH when nothing is left to apply, 409 PAYMENT_ALREADY_REVERSED for a reversed payment.',
      errors: [404, 409],
      responseDescription: 'The suggestions, best first',
    }),
    toolRoute(deps, paymentsApply, {
      method: 'post',
      path: '/payments/:id/apply',
      pathFields: { id: 'paymentId' },
      operationId: 'applyPayment',
      tag: 'Payments',
      summary: "Apply a payment's unapplied cash to invoices",
      description:
        'Cash a payment left on the client (it arrived before the invoice, or was more than its allocations) goes to posted invoices of the same client, ' +
        'each at most its open balance (422 OVERPAYMENT) and together at most what is unapplied (422 EXCEEDS_UNAPPLIED); the invoices become partially_paid or paid. ' +
        '409 NO_UNAPPLIED_CASH when nothing is left, 409 PAYMENT_ALREADY_REVERSED for a reversed payment. Send an Idempotency-Key: a retry without one applies again while cash is left.',
      errors: [404, 409, 422],
      responseDescription: 'Applied',
    }),
    toolRoute(deps, paymentsReverse, {
      method: 'post',
      path: '/payments/:id/reverse',
      pathFields: { id: 'paymentId' },
      operationId: 'reversePayment',
      tag: 'Payments',
      summary: 'Reverse a payment that bounced',
      description:
        'The payment stays on record as reversed; every invoice it paid owes the amount again and its status follows the balance. 409 PAYMENT_ALREADY_REVERSED the second time.',
      errors: [404, 409, 422],
      responseDescription: 'Reversed',
    }),
    defineRoute({
      method: 'post',
      path: '/invoices/:ref/dispute',
      operationId: 'disputeInvoice',
      tool: invoicesDispute,
      tag: 'Invoices',
      summary: 'Mark an invoice disputed by the client',
      description:
        'posted, delivered or partially_paid -> disputed, with the reason and optionally the amount in dispute (at most the open balance). Collectors do not chase a disputed invoice; payments still apply.',
      roles: rolesFor('invoice.dispute'),
      params: invoiceRefParam,
      body: invoicesDispute.input.omit({ invoiceId: true }),
      errors: [404, 409, 422],
      idempotency: 'tool',
      responses: { 200: { description: 'Disputed', schema: invoicesDispute.output } },
      handler: async (c, { params, body }) => {
        const found = await resolveInvoice(c, deps, params.ref);
        if ('response' in found) return found.response;
        return sendToolResult(c, await callToolFor(c, deps, invoicesDispute, { ...body, invoiceId: found.id }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/invoices/:ref/resolve-dispute',
      operationId: 'resolveInvoiceDispute',
      tool: invoicesResolveDispute,
      tag: 'Invoices',
      summary: 'Resolve the dispute of an invoice',
      description:
        'upheld (follow with a credit note), rejected (no change) or reissued (creditNote: a credit note of the invoice made through POST /invoices/{ref}/credit-notes; ' +
        'corrections: the lines to change; a corrected draft is created to submit as any invoice); the invoice returns to the status its balance gives.',
      roles: rolesFor('invoice.resolve_dispute'),
      params: invoiceRefParam,
      body: invoicesResolveDispute.input.omit({ invoiceId: true }),
      errors: [404, 409, 422],
      idempotency: 'tool',
      responses: { 200: { description: 'Resolved', schema: invoicesResolveDispute.output } },
      handler: async (c, { params, body }) => {
        const found = await resolveInvoice(c, deps, params.ref);
        if ('response' in found) return found.response;
        return sendToolResult(c, await callToolFor(c, deps, invoicesResolveDispute, { ...body, invoiceId: found.id }));
      },
    }),
    toolRoute(deps, disputesList, {
      method: 'get',
      path: '/disputes',
      operationId: 'listDisputes',
      tag: 'Invoices',
      summary: 'Invoice disputes by SLA due date, with reason code, owner, evidence and whether each is overdue',
      errors: [422],
      responseDescription: 'A page of disputes',
    }),
    defineRoute({
      method: 'post',
      path: '/invoices/:ref/dispute/update',
      operationId: 'updateInvoiceDispute',
      tool: disputesUpdate,
      tag: 'Invoices',
      summary: "Set an open dispute's reason code (and so its SLA), owner, or add evidence links",
      roles: rolesFor('invoice.update_dispute'),
      params: invoiceRefParam,
      body: updateDisputeSchema.omit({ invoice: true }),
      errors: [404, 409, 422],
      idempotency: 'tool',
      responses: { 200: { description: 'Updated', schema: disputesUpdate.output } },
      handler: async (c, { params, body }) => {
        const found = await resolveInvoice(c, deps, params.ref);
        if ('response' in found) return found.response;
        return sendToolResult(c, await callToolFor(c, deps, disputesUpdate, { ...body, invoice: found.id }));
      },
    }),
  ];
}
