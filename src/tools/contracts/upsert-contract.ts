import { z } from 'zod';
import { contractInputSchema } from '../../billing/inputs/contract-bundle.ts';
import { lockClients } from '../../db/stores/contract-moves.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { entitiesOf, getContract } from '../../db/stores/master-data-queries.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import {
  bundleOf,
  unknownReference,
  writeUnderPolicy,
  type UnknownReference,
} from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { contractMoveRefused, type ContractMoveRefused } from '../master-data/contract-moves.ts';
import { projectStatusChanges } from '../master-data/project-status-changes.ts';
import { milestoneProgressChanges } from '../master-data/milestone-progress-changes.ts';
import { InputError } from '../../shared/errors.ts';
import type { DomainError } from '../define-tool.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { commercialTerms, contractDetailSchema, contractDetailView } from './contract-view.ts';

export const upsertContractOutputSchema = z.object({
  created: z.boolean().describe('True when the contract is new, false when an existing one was updated'),
  contract: contractDetailSchema,
});

export const contractsUpsert = defineTool({
  name: 'contracts_upsert',
  description:
    'Creates a contract, or updates the one with this code, with its rate card (replaced), milestones (matched by name) and projects ' +
    "(by code). Changing an existing contract's commercial terms (anything but its name and projects) is contract.change_terms, which the " +
    'approval matrix has a controller approve: APPROVAL_REQUIRED first, bound to the terms before and after; once approved, the same call writes. ' +
    'A contract keeps its legal entity: naming a client of another entity for a contract that exists is CONTRACT_MOVE_REFUSED ' +
    '(moving the client, with approval, takes its contracts along). Milestones are created pending and keep their progress: completing or ' +
    'accepting one is milestones_complete / milestones_accept (MILESTONE_PROGRESS_NEEDS_POLICY otherwise).',
  input: contractInputSchema,
  output: upsertContractOutputSchema,
  risk: 'write',
  policyAction: 'contract.change_terms',
  handler: async (
    ctx,
    body,
  ): Promise<
    Result<
      { created: boolean; contract: ReturnType<typeof contractDetailView> },
      UnknownReference | ScopeError | GateError | ContractMoveRefused | DomainError
    >
  > => {
    // The client's entity, read under its lock until the call commits: a move of the client queues with this write
    // (clients_upsert takes the same lock), so the contract never lands in the entity the client is leaving.
    await lockClients(ctx.db, [body.client]);
    const clientEntity = (await entitiesOf(ctx.db, 'client', [body.client])).get(body.client);
    if (clientEntity === undefined) return err(unknownReference('client', 'client', body.client));
    const before = await getContract(ctx.db, body.code);
    for (const e of [clientEntity, before?.contract.legalEntityId])
      if (e !== undefined && !actorMayTouch(ctx.actor, e)) return err(outOfScopeError(e));
    // A contract changes legal entity only with its client (an approved move), never by being given another client.
    if (before && clientEntity !== before.contract.legalEntityId) {
      const codes = (await legalEntityCodes(ctx.db)).codeById;
      const [from, to] = [codes.get(before.contract.legalEntityId)!, codes.get(clientEntity!)!];
      return err(contractMoveRefused('client', body.code, body.client, from, to));
    }
    const writeContract = () =>
      writeUnderPolicy(ctx, {
        kind: 'contract',
        read: (db) => getContract(db, body.code),
        // The projects it lists keep their status: changing one is project.change_status (projects_upsert). Its
        // milestones keep their progress and new ones start pending: milestone.complete / milestone.accept do the rest.
        write: async (db) => {
          const bundle = bundleOf({ contracts: [body] });
          const statuses = await projectStatusChanges.read(db, bundle);
          const progress = await milestoneProgressChanges.read(db, bundle);
          await upsertBundle(db, bundle);
          await projectStatusChanges.refuse(db, bundle, statuses, (_i, j) => `projects.${j}.status`);
          await milestoneProgressChanges.refuse(db, bundle, progress, {
            newContracts: 'pending',
            pathOf: (_i, j) => `milestones.${j}`,
          });
        },
        guarded: (r) => commercialTerms(contractDetailView(r)),
        guard: (after, was, now): ActionOf<'contract.change_terms'> => ({
          type: 'contract.change_terms',
          target: { kind: 'contract', id: after.contract.id },
          args: { before: was, after: now },
        }),
        entityOf: (r) => r.contract.legalEntityId,
        idOf: (r) => r.contract.id,
        view: contractDetailView,
      });
    let written: Awaited<ReturnType<typeof writeContract>>;
    try {
      written = await writeContract();
    } catch (e) {
      // A listed project's status or milestone's progress change rolled the savepoint back: answer it, as a refusal.
      if (
        e instanceof InputError &&
        (e.code === 'PROJECT_STATUS_NEEDS_POLICY' || e.code === 'MILESTONE_PROGRESS_NEEDS_POLICY')
      )
        return err({ code: e.code, message: e.message, ...e.details });
      throw e;
    }
    return written.ok
      ? ok({ created: written.value.created, contract: contractDetailView(written.value.after) })
      : written;
  },
});
