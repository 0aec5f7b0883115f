import { getContract } from '../../db/stores/master-data-queries.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { byCodeSchema } from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { CONTRACT_READERS, contractDetailSchema, contractDetailView } from './contract-view.ts';

export const contractsShow = defineTool({
  name: 'contracts_show',
  description:
    'One contract by code: its commercial terms with the rate card, milestones (amounts, due dates, status) and projects.',
  input: byCodeSchema,
  output: contractDetailSchema,
  risk: 'read',
  policyAction: null,
  readers: CONTRACT_READERS,
  handler: async (
    ctx,
    { code },
  ): Promise<
    Result<ReturnType<typeof contractDetailView>, { code: 'CONTRACT_NOT_FOUND'; message: string } | ScopeError>
  > => {
    const d = await getContract(ctx.db, code);
    if (!d) return err({ code: 'CONTRACT_NOT_FOUND', message: `No contract ${code}` });
    if (!actorMayTouch(ctx.actor, d.contract.legalEntityId)) return err(outOfScopeError(d.contract.legalEntityId));
    return ok(contractDetailView(d));
  },
});
