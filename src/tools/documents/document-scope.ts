import { eq, or } from 'drizzle-orm';
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
  const [client] = link.clientId
    ? await db.select({ e: clients.legalEntityId }).from(clients).where(eq(clients.id, link.clientId))
    : [];
  const [contract] = link.contractId
    ? await db.select({ e: contracts.legalEntityId }).from(contracts).where(eq(contracts.id, link.contractId))
    : [];
  return [...new Set([client?.e, contract?.e].filter((e): e is string => e !== undefined))];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id of the client or contract a reference names, by code or by id; null when none does. */
async function idOf(db: DbOrTx, table: typeof clients | typeof contracts, ref: string): Promise<string | null> {
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(UUID.test(ref) ? or(eq(table.id, ref), eq(table.code, ref)) : eq(table.code, ref))
    .limit(1);
  return row?.id ?? null;
}

/** Why a reference of an upload names nothing. */
export interface UnknownLink {
  code: 'UNKNOWN_CLIENT' | 'UNKNOWN_CONTRACT';
  message: string;
  details: Record<string, unknown>;
}

/** Turns the client and contract an upload names (each by code, like the other routes, or by id) into ids. */
export async function resolveDocumentLink(
  db: DbOrTx,
  refs: { client: string | null; contract: string | null },
): Promise<{ ok: true; value: DocumentLink } | { ok: false; error: UnknownLink }> {
  const clientId = refs.client === null ? null : await idOf(db, clients, refs.client);
  if (refs.client !== null && clientId === null)
    return {
      ok: false,
      error: { code: 'UNKNOWN_CLIENT', message: 'No client has this code or id.', details: { client: refs.client } },
    };
  const contractId = refs.contract === null ? null : await idOf(db, contracts, refs.contract);
  if (refs.contract !== null && contractId === null)
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_CONTRACT',
        message: 'No contract has this code or id.',
        details: { contract: refs.contract },
      },
    };
  return { ok: true, value: { clientId, contractId } };
}
