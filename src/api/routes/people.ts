import { peopleList, personListQuerySchema } from '../../tools/people/list-people.ts';
import { PERSON_READERS } from '../../tools/people/person-view.ts';
import { peopleShow } from '../../tools/people/show-person.ts';
import { peopleUpsert } from '../../tools/people/upsert-person.ts';
import { MASTER_DATA_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { codeParam } from '../schemas.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';
import { sendByCode, sendUpserted } from './master-data-results.ts';

/** People: list, get, create or update by code, over their catalogue entries. Cost rates are sensitive, so reads are limited to WORK_READERS. */
export function peopleRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/people',
      operationId: 'listPeople',
      tool: peopleList,
      tag: 'Master data',
      summary: 'List people',
      roles: PERSON_READERS,
      query: personListQuerySchema,
      responses: { 200: { description: 'A page of people', schema: peopleList.output } },
      handler: async (c, { query }) => sendToolResult(c, await callToolFor(c, deps, peopleList, query)),
    }),
    defineRoute({
      method: 'get',
      path: '/people/:code',
      operationId: 'getPerson',
      tool: peopleShow,
      tag: 'Master data',
      summary: 'Get a person by code',
      roles: PERSON_READERS,
      params: codeParam,
      errors: [404],
      responses: { 200: { description: 'The person', schema: peopleShow.output } },
      handler: async (c, { params }) =>
        sendByCode(c, await callToolFor(c, deps, peopleShow, { code: params.code }), params.code),
    }),
    defineRoute({
      method: 'post',
      path: '/people',
      operationId: 'upsertPerson',
      tool: peopleUpsert,
      tag: 'Master data',
      roles: MASTER_DATA_WRITERS,
      summary: 'Create a person, or update the one with this code',
      description:
        "A person without a legal entity is firm-wide: only users with access to every entity may write one. Changing an existing person's cost rate " +
        '(it decides the margin the approval matrix checks) is the policy action person.change_cost_rate, which a finance admin approves: the first call ' +
        'answers 409 APPROVAL_REQUIRED with the request and writes nothing; once approved, the same call writes.',
      body: peopleUpsert.input,
      errors: [409, 422],
      idempotency: 'tool',
      responses: {
        201: { description: 'Created', schema: peopleUpsert.output.shape.person },
        200: { description: 'Updated', schema: peopleUpsert.output.shape.person },
      },
      handler: async (c, { body }) => sendUpserted(c, await callToolFor(c, deps, peopleUpsert, body), (v) => v.person),
    }),
  ];
}
