import type { DbOrTx } from '../../db/client.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { entityCodeLeft, type Action } from '../../policy/actions.ts';
import type { PolicyFacts } from '../../policy/facts.ts';

/**
 * The entity facts of an action whose target lives in `entityId`: for a move between legal entities (a client's),
 * the entity it leaves too, which the actor needs in scope as well. Read from the action's own arguments, so the
 * write (its requester) and the grant or refusal of its request (its approvers) are checked against the same two
 * entities: the request lives in the entity the client goes to, and its approvers need the one it leaves as well.
 */
export async function entityFacts(
  db: DbOrTx,
  action: Action,
  entityId: string | null,
): Promise<Pick<PolicyFacts, 'entityId' | 'otherEntityIds'>> {
  const left = entityCodeLeft(action);
  if (left === null) return { entityId };
  const id = (await legalEntityCodes(db)).idByCode.get(left);
  // Legal entities are kept by code and never deleted: a move naming an unknown one is a bug, not a refusal.
  if (id === undefined) throw new Error(`${action.type} ${action.target.id}: no legal entity ${left}`);
  return id === entityId ? { entityId } : { entityId, otherEntityIds: [id] };
}
