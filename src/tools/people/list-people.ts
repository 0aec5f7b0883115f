import { listPeople } from '../../db/stores/master-data-queries.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { PERSON_READERS, personView, personViewSchema } from './person-view.ts';

export const personListQuerySchema = paginationSchema.extend(entityFilterSchema.shape);

export const peopleList = defineTool({
  name: 'people_list',
  description:
    'Lists the people whose time is billed, by code, with role, legal entity and cost rate. Filter by legal entity.',
  input: personListQuerySchema,
  output: pageSchema(personViewSchema),
  risk: 'read',
  policyAction: null,
  readers: PERSON_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listPeople(ctx.db, { entityIds: scope.value, limit: q.limit, offset: q.offset });
    return ok(pageOf(rows.map(personView), total, q.limit, q.offset));
  },
});
