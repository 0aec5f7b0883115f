import { CONTRACT_READERS } from '../../tools/contracts/contract-view.ts';
import { contractListQuerySchema, contractsList } from '../../tools/contracts/list-contracts.ts';
import { contractsShow } from '../../tools/contracts/show-contract.ts';
import { contractsUpsert } from '../../tools/contracts/upsert-contract.ts';
import { MASTER_DATA_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { codeParam } from '../schemas.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';
import { sendByCode, sendUpserted } from './master-data-results.ts';

/** What an upsert answers: the contract as stored, with rate card, milestones and projects. */
const contractDoc = contractsUpsert.output.shape.contract;

/** Contracts: list, get, create or update by code (with rate card, milestones and projects), over their catalogue entries. */
export function contractRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/contracts',
      operationId: 'listContracts',
      tool: contractsList,
      tag: 'Master data',
      summary: 'List contracts',
      roles: CONTRACT_READERS,
      query: contractListQuerySchema,
      responses: { 200: { description: 'A page of contracts', schema: contractsList.output } },
      handler: async (c, { query }) => sendToolResult(c, await callToolFor(c, deps, contractsList, query)),
    }),
    defineRoute({
      method: 'get',
      path: '/contracts/:code',
      operationId: 'getContract',
      tool: contractsShow,
      tag: 'Master data',
      summary: 'Get a contract by code',
      roles: CONTRACT_READERS,
      params: codeParam,
      errors: [404],
      responses: { 200: { description: 'The contract', schema: contractsShow.output } },
      handler: async (c, { params }) =>
        sendByCode(c, await callToolFor(c, deps, contractsShow, { code: params.code }), params.code),
    }),
    defineRoute({
      method: 'post',
      path: '/contracts',
      operationId: 'upsertContract',
      tool: contractsUpsert,
      tag: 'Master data',
      roles: MASTER_DATA_WRITERS,
      summary: 'Create a contract, or update the one with this code',
      description:
        "Rate cards are replaced; milestones are matched by name; projects by code. Changing an existing contract's commercial terms " +
        '(anything but its name and projects) is the policy action contract.change_terms, which the approval matrix has a controller approve: ' +
        'the first call answers 409 APPROVAL_REQUIRED with the request (bound to the terms before and after) and writes nothing; once approved, the same call writes.',
      body: contractsUpsert.input,
      errors: [409, 422],
      idempotency: 'tool',
      responses: {
        201: { description: 'Created', schema: contractDoc },
        200: { description: 'Updated', schema: contractDoc },
      },
      handler: async (c, { body }) =>
        sendUpserted(c, await callToolFor(c, deps, contractsUpsert, body), (v) => v.contract),
    }),
  ];
}
