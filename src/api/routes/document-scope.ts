import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { clients, contracts } from '../../db/schema/index.ts';

/** What a document is linked to; a link to neither makes it firm-wide. */
export interface DocumentLink {
  clientId: string | null;
  contractId: string | null;
}

/**
 * The legal entities of a document's client and contract (a user limited to some entities must
 * have every one of them), or null for a firm-wide document linked to neither. An id that names
 * no row adds nothing, so the upload itself reports it (UNKNOWN_CLIENT, UNKNOWN_CONTRACT).
 */
export async function linkedEntities(db: DbOrTx, link: DocumentLink): Promise<string[] | null> {
  if (link.clientId === null && link.contractId === null) return null;
  const [client] = link.clientId ? await db.select({ e: clients.legalEntityId }).from(clients).where(eq(clients.id, link.clientId)) : [];
  const [contract] = link.contractId ? await db.select({ e: contracts.legalEntityId }).from(contracts).where(eq(contracts.id, link.contractId)) : [];
  return [...new Set([client?.e, contract?.e].filter((e): e is string => e !== undefined))];
}
