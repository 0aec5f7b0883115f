import { clientInputSchema } from '../../billing/inputs/contract-bundle.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { getClient, listClients } from '../../db/stores/master-data-queries.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { format } from '../../shared/money.ts';
import { EVERYONE, MASTER_DATA_WRITERS } from '../access.ts';
import { auditEntry } from '../audit-entry.ts';
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

/** Clients: list, get, create or update by code. */
export function clientRoutes({ database }: ApiDeps): ApiRoute[] {
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
        if (!row) return sendError(c, 404, 'CLIENT_NOT_FOUND', `No client ${params.code}`, { code: params.code });
        if (!mayTouchEntity(c, row.client.legalEntityId)) return outOfScope(c, row.client.legalEntityId);
        return c.json(clientView(row));
      },
    }),
    defineRoute({
      method: 'post', path: '/clients', operationId: 'upsertClient', tag: 'Master data', roles: MASTER_DATA_WRITERS,
      summary: 'Create a client, or update the one with this code', body: clientInputSchema, errors: [422],
      responses: { 201: { description: 'Created', schema: clientDoc }, 200: { description: 'Updated', schema: clientDoc } },
      handler: async (c, { body }) => {
        const { idByCode } = await legalEntityCodes(db);
        const entityId = idByCode.get(body.legalEntity);
        if (!entityId) return sendError(c, 422, 'UNKNOWN_REFERENCE', `legalEntity: no legal entity with code "${body.legalEntity}"`, { path: 'legalEntity' });
        const before = await getClient(db, body.code);
        for (const e of [entityId, before?.client.legalEntityId]) if (e !== undefined && !mayTouchEntity(c, e)) return outOfScope(c, e);
        await db.transaction(async (tx) => {
          await upsertBundle(tx, bundleOf({ clients: [body] }));
          const after = await getClient(tx, body.code);
          await appendAudit(tx, auditEntry(c, { action: before ? 'client.update' : 'client.create', targetType: 'client', targetId: after!.client.id, before: before ? clientView(before) : null, after: clientView(after!) }));
        });
        return c.json(clientView((await getClient(db, body.code))!), before ? 200 : 201);
      },
    }),
  ];
}
