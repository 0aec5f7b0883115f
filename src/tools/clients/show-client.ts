import { getClient } from '../../db/stores/master-data-queries.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { byCodeSchema } from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { CLIENT_READERS, clientView, clientViewSchema } from './client-view.ts';

export const clientsShow = defineTool({
  name: 'clients_show',
  description:
    'One client by code: its legal entity, billing contacts, delivery channel, PO requirement, payment terms, credit limit and account manager.',
  input: byCodeSchema,
  output: clientViewSchema,
  risk: 'read',
  policyAction: null,
  readers: CLIENT_READERS,
  handler: async (
    ctx,
    { code },
  ): Promise<Result<ReturnType<typeof clientView>, { code: 'CLIENT_NOT_FOUND'; message: string } | ScopeError>> => {
    const row = await getClient(ctx.db, code);
    if (!row) return err({ code: 'CLIENT_NOT_FOUND', message: `No client ${code}` });
    if (!actorMayTouch(ctx.actor, row.client.legalEntityId)) return err(outOfScopeError(row.client.legalEntityId));
    return ok(clientView(row));
  },
});
