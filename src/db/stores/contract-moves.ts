import { and, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { clients, contracts, legalEntities } from '../schema/index.ts';

/**
 * Puts a client's contracts in the client's legal entity (where a move has just put it) and answers the codes of
 * those it moved, sorted. Invoices already issued keep the entity that issued them (invoices.legal_entity_id); what
 * is billed under these contracts afterwards is issued by the client's entity.
 */
export async function moveContractsWithClient(tx: DbOrTx, clientId: string): Promise<string[]> {
  const [client] = await tx.select({ entityId: clients.legalEntityId }).from(clients).where(eq(clients.id, clientId));
  if (!client) return [];
  const moved = await tx
    .update(contracts)
    .set({ legalEntityId: client.entityId })
    .where(and(eq(contracts.clientId, clientId), ne(contracts.legalEntityId, client.entityId)))
    .returning({ code: contracts.code });
  return moved.map((c) => c.code).sort();
}

/** The code of each contract's legal entity and client, by contract code (those that exist). */
export async function contractEntityCodes(
  db: DbOrTx,
  codes: readonly string[],
): Promise<Map<string, { entityCode: string; client: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: contracts.code, entityCode: legalEntities.code, client: clients.code })
    .from(contracts)
    .innerJoin(legalEntities, eq(legalEntities.id, contracts.legalEntityId))
    .innerJoin(clients, eq(clients.id, contracts.clientId))
    .where(inArray(contracts.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, { entityCode: r.entityCode, client: r.client }]));
}
