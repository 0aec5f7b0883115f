import { and, asc, cosineDistance, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { clients, contracts, documentChunks, documents } from '../../db/schema/index.ts';
import type { Embedder } from '../../extraction/search/embedder.ts';
import type { SearchHit } from '../../extraction/search/search-documents.ts';

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

/**
 * Passages nearest to a question, as searchDocuments finds them, limited to documents whose every
 * linked entity is in entityIds (null = no limit; a limited caller never sees firm-wide documents).
 */
export async function searchInScope(
  db: DbOrTx, embedder: Embedder, q: { query: string; clientId: string | null; entityIds: readonly string[] | null; limit: number },
): Promise<SearchHit[]> {
  const [vector] = await embedder.embed([q.query]);
  if (!vector || vector.every((x) => x === 0)) return [];
  const distance = cosineDistance(documentChunks.embedding, vector);
  const ids = q.entityIds === null ? null : [...q.entityIds];
  const scope = ids === null ? undefined : ids.length === 0 ? sql`false` : and(
    or(isNotNull(documents.clientId), isNotNull(documents.contractId)),
    or(isNull(documents.clientId), inArray(clients.legalEntityId, ids)),
    or(isNull(documents.contractId), inArray(contracts.legalEntityId, ids)),
  );
  const rows = await db
    .select({ documentId: documentChunks.documentId, fileName: documents.fileName, page: documentChunks.page, text: documentChunks.text, distance })
    .from(documentChunks)
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .leftJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(contracts, eq(contracts.id, documents.contractId))
    .where(and(eq(documentChunks.embeddingModel, embedder.model), q.clientId ? eq(documentChunks.clientId, q.clientId) : undefined, scope))
    .orderBy(distance, asc(documentChunks.id))
    .limit(q.limit);
  return rows.map((h) => ({ documentId: h.documentId, fileName: h.fileName, page: h.page, text: h.text, score: Math.round((1 - Number(h.distance)) * 1000) / 1000 }));
}
