import { clientInputSchema } from '../../billing/inputs/contract-bundle.ts';
import type { ActionOf, ClientBillingDetails } from '../../policy/actions.ts';
import { writeUnderPolicy } from '../policy-write.ts';
import { useCaseContext } from '../use-case.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { getClient, listClients } from '../../db/stores/master-data-queries.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { format } from '../../shared/money.ts';
import { EVERYONE, MASTER_DATA_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { bundleOf, codeParam, objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';

type ClientRow = NonNullable<Awaited<ReturnType<typeof getClient>>>;

/** A client as the API shows it. */
export function clientView(r: ClientRow) {
  const c = r.client;
  return {
    id: c.id, code: c.code, name: c.name, legalEntity: r.entityCode, country: c.country, taxId: c.taxId, billingContacts: c.billingContacts,
    deliveryChannel: c.deliveryChannel, poRequired: c.poRequired, paymentTermsDays: c.paymentTermsDays,
    creditLimit: c.creditLimitMinor !== null && c.creditLimitCurrency ? { amount: format({ amountMinor: c.creditLimitMinor, currency: c.creditLimitCurrency }), currency: c.creditLimitCurrency } : null,
    accountManager: c.accountManager, language: c.language,
  };
}
const clientDoc = objectSchema('A client');

/** What client.change_billing_details guards: where invoices and reminders go, the credit limit, the account owner. */
function billingDetails(r: ClientRow): ClientBillingDetails {
  const v = clientView(r);
  return {
    billingContacts: v.billingContacts.map((b) => ({ name: b.name, email: b.email, role: b.role ?? null })),
    deliveryChannel: v.deliveryChannel, creditLimit: v.creditLimit, accountManager: v.accountManager,
  };
}

/** Clients: list, get, create or update by code. */
export function clientRoutes({ database, now }: ApiDeps): ApiRoute[] {
  const { db } = database;
  return [
    defineRoute({
      method: 'get', path: '/clients', operationId: 'listClients', tag: 'Master data', summary: 'List clients', roles: EVERYONE,
      query: paginationSchema.extend(entityFilterSchema.shape),
      responses: { 200: { description: 'A page of clients', schema: pageOf(clientDoc) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listClients(db, { entityIds: scope.value, limit: query.limit, offset: query.offset });
        return c.json(page(rows.map(clientView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'get', path: '/clients/:code', operationId: 'getClient', tag: 'Master data', summary: 'Get a client by code', roles: EVERYONE,
      params: codeParam, errors: [404],
      responses: { 200: { description: 'The client', schema: clientDoc } },
      handler: async (c, { params }) => {
        const row = await getClient(db, params.code);
        if (!row) return sendError(c, 'CLIENT_NOT_FOUND', `No client ${params.code}`, { code: params.code });
        if (!mayTouchEntity(c, row.client.legalEntityId)) return outOfScope(c, row.client.legalEntityId);
        return c.json(clientView(row));
      },
    }),
    defineRoute({
      method: 'post', path: '/clients', operationId: 'upsertClient', tag: 'Master data', roles: MASTER_DATA_WRITERS,
      summary: 'Create a client, or update the one with this code', body: clientInputSchema, errors: [409, 422],
      description: 'A new client, with its first contacts, needs no approval. Changing an existing client\'s billing contacts, delivery channel, credit '
        + 'limit or account manager is the policy action client.change_billing_details (where invoices and reminders go: a second person approves, '
        + 'by the matrix\'s clientBillingDetails rule): the first call answers 409 APPROVAL_REQUIRED with the request and writes nothing; once approved, '
        + 'the same call writes, audited with the record before and after.',
      responses: { 201: { description: 'Created', schema: clientDoc }, 200: { description: 'Updated', schema: clientDoc } },
      handler: async (c, { body }) => {
        const { idByCode } = await legalEntityCodes(db);
        const entityId = idByCode.get(body.legalEntity);
        if (!entityId) return sendError(c, 'UNKNOWN_REFERENCE', `legalEntity: no legal entity with code "${body.legalEntity}"`, { path: 'legalEntity' });
        const before = await getClient(db, body.code);
        for (const e of [entityId, before?.client.legalEntityId]) if (e !== undefined && !mayTouchEntity(c, e)) return outOfScope(c, e);
        const written = await writeUnderPolicy(c, db, useCaseContext(c, now()), {
          kind: 'client', read: (tx) => getClient(tx, body.code), write: (tx) => upsertBundle(tx, bundleOf({ clients: [body] })),
          guarded: billingDetails,
          guard: (after, was, is): ActionOf<'client.change_billing_details'> => ({
            type: 'client.change_billing_details', target: { kind: 'client', id: after.client.id }, args: { before: was, after: is },
          }),
          entityOf: (r) => r.client.legalEntityId, idOf: (r) => r.client.id, view: clientView,
        });
        if ('refused' in written) return written.refused;
        return c.json(clientView(written.after), written.created ? 201 : 200);
      },
    }),
  ];
}
