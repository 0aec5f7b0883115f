import { listClients } from '../../db/stores/master-data-queries.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { CLIENT_READERS, clientView, clientViewSchema } from './client-view.ts';

export const clientListQuerySchema = paginationSchema.extend(entityFilterSchema.shape);

export const clientsList = defineTool({
  name: 'clients_list',
  description:
    'Lists clients by code, with the legal entity that bills each, billing contacts, delivery channel, payment terms and credit limit. ' +
    'Filter by legal entity; users limited to some entities see only theirs.',
  input: clientListQuerySchema,
  output: pageSchema(clientViewSchema),
  risk: 'read',
  policyAction: null,
  readers: CLIENT_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listClients(ctx.db, { entityIds: scope.value, limit: q.limit, offset: q.offset });
    return ok(pageOf(rows.map(clientView), total, q.limit, q.offset));
  },
});
