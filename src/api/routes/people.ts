import { personInputSchema } from '../../billing/inputs/contract-bundle.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { writeUnderPolicy } from '../policy-write.ts';
import { useCaseContext } from '../use-case.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { getPerson, listPeople } from '../../db/stores/master-data-queries.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { MASTER_DATA_WRITERS, WORK_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { bundleOf, codeParam, objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';

type PersonRow = NonNullable<Awaited<ReturnType<typeof getPerson>>>;
export const personView = (r: PersonRow) => ({
  id: r.person.id, code: r.person.code, name: r.person.name, email: r.person.email, role: r.person.role, legalEntity: r.entityCode,
  costRate: r.person.costRate, costCurrency: r.person.costCurrency,
});
const personDoc = objectSchema('A person whose time is billed, with cost rate');

/** People: list, get, create or update by code. Cost rates are sensitive, so reads are limited to WORK_READERS. */
export function peopleRoutes(deps: ApiDeps): ApiRoute[] {
  const { database } = deps;
  const { db } = database;
  return [
    defineRoute({
      method: 'get', path: '/people', operationId: 'listPeople', tag: 'Master data', summary: 'List people', roles: WORK_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape),
      responses: { 200: { description: 'A page of people', schema: pageOf(personDoc) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listPeople(db, { entityIds: scope.value, limit: query.limit, offset: query.offset });
        return c.json(page(rows.map(personView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'get', path: '/people/:code', operationId: 'getPerson', tag: 'Master data', summary: 'Get a person by code', roles: WORK_READERS,
      params: codeParam, errors: [404], responses: { 200: { description: 'The person', schema: personDoc } },
      handler: async (c, { params }) => {
        const row = await getPerson(db, params.code);
        if (!row) return sendError(c, 'PERSON_NOT_FOUND', `No person ${params.code}`, { code: params.code });
        if (!mayTouchEntity(c, row.person.legalEntityId)) return outOfScope(c, row.person.legalEntityId);
        return c.json(personView(row));
      },
    }),
    defineRoute({
      method: 'post', path: '/people', operationId: 'upsertPerson', tag: 'Master data', roles: MASTER_DATA_WRITERS,
      summary: 'Create a person, or update the one with this code',
      description: 'A person without a legal entity is firm-wide: only users with access to every entity may write one. Changing an existing person\'s cost rate '
        + '(it decides the margin the approval matrix checks) is the policy action person.change_cost_rate, which a finance admin approves: the first call '
        + 'answers 409 APPROVAL_REQUIRED with the request and writes nothing; once approved, the same call writes.',
      body: personInputSchema, errors: [409, 422],
      responses: { 201: { description: 'Created', schema: personDoc }, 200: { description: 'Updated', schema: personDoc } },
      handler: async (c, { body }) => {
        let entityId: string | null = null;
        if (body.legalEntity) {
          const found = (await legalEntityCodes(db)).idByCode.get(body.legalEntity);
          if (!found) return sendError(c, 'UNKNOWN_REFERENCE', `legalEntity: no legal entity with code "${body.legalEntity}"`, { path: 'legalEntity' });
          entityId = found;
        }
        const before = await getPerson(db, body.code);
        const touched = before ? [entityId, before.person.legalEntityId] : [entityId];
        for (const e of touched) if (!mayTouchEntity(c, e)) return outOfScope(c, e);
        const written = await writeUnderPolicy(c, db, useCaseContext(c, deps.now()), {
          kind: 'person', read: (tx) => getPerson(tx, body.code), write: (tx) => upsertBundle(tx, bundleOf({ people: [body] })),
          guarded: (r) => ({ costRate: r.person.costRate, costCurrency: r.person.costCurrency }),
          guard: (after, was, now): ActionOf<'person.change_cost_rate'> => ({ type: 'person.change_cost_rate', target: { kind: 'person', id: after.person.id }, args: { before: was, after: now } }),
          entityOf: (r) => r.person.legalEntityId, idOf: (r) => r.person.id, view: personView,
        });
        if ('refused' in written) return written.refused;
        return c.json(personView(written.after), written.created ? 201 : 200);
      },
    }),
  ];
}
