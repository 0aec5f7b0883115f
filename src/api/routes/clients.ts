import { clientListQuerySchema, clientsList } from '../../tools/clients/list-clients.ts';
import { CLIENT_READERS } from '../../tools/clients/client-view.ts';
import { clientsShow } from '../../tools/clients/show-client.ts';
import { clientsUpsert } from '../../tools/clients/upsert-client.ts';
import { MASTER_DATA_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { codeParam } from '../schemas.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';
import { sendByCode, sendUpserted } from './master-data-results.ts';

/** Clients: list, get, create or update by code, over their catalogue entries. */
export function clientRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/clients',
      operationId: 'listClients',
      tool: clientsList,
      tag: 'Master data',
      summary: 'List clients',
      roles: CLIENT_READERS,
      query: clientListQuerySchema,
      responses: { 200: { description: 'A page of clients', schema: clientsList.output } },
      handler: async (c, { query }) => sendToolResult(c, await callToolFor(c, deps, clientsList, query)),
    }),
    defineRoute({
      method: 'get',
      path: '/clients/:code',
      operationId: 'getClient',
      tool: clientsShow,
      tag: 'Master data',
      summary: 'Get a client by code',
      roles: CLIENT_READERS,
      params: codeParam,
      errors: [404],
      responses: { 200: { description: 'The client', schema: clientsShow.output } },
      handler: async (c, { params }) =>
        sendByCode(c, await callToolFor(c, deps, clientsShow, { code: params.code }), params.code),
    }),
    defineRoute({
      method: 'post',
      path: '/clients',
      operationId: 'upsertClient',
      tool: clientsUpsert,
      tag: 'Master data',
      roles: MASTER_DATA_WRITERS,
      summary: 'Create a client, or update the one with this code',
      body: clientsUpsert.input,
      errors: [409, 422],
      idempotency: 'tool',
      description:
        "A new client, with its first contacts, needs no approval. Changing an existing client's billing contacts, delivery channel, credit " +
        'limit or account manager is the policy action client.change_billing_details (where invoices and reminders go: a second person approves, ' +
        "by the matrix's clientBillingDetails rule); so is moving it to another legal entity, which changes the account it pays into " +
        "(approved like that account, by the matrix's legalEntityBankAccount rule, a finance admin by default; open invoices keep printing " +
        "their issuer's account): the first call answers 409 APPROVAL_REQUIRED with the request and writes nothing; once approved, " +
        'the same call writes, audited with the record before and after.',
      responses: {
        201: { description: 'Created', schema: clientsUpsert.output.shape.client },
        200: { description: 'Updated', schema: clientsUpsert.output.shape.client },
      },
      handler: async (c, { body }) => sendUpserted(c, await callToolFor(c, deps, clientsUpsert, body), (v) => v.client),
    }),
  ];
}
