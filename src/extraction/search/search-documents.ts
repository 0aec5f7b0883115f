import type { DbOrTx } from '../../db/client.ts';
import { nearestChunks } from '../documents/store.ts';
import type { Embedder } from './embedder.ts';

export interface SearchHit {
  documentId: string;
  fileName: string | null;
  page: number | null;
  text: string;
  score: number;
}

/**
 * Passages that answer a question ("what does the SOW say about travel expenses?"), nearest first,
 * each with its document and page. Only chunks embedded by the current embedder are compared; with
 * entityIds, only documents whose every linked entity is among them (see nearestChunks).
 */
export async function searchDocuments(
  db: DbOrTx, embedder: Embedder, q: { query: string; clientId: string | null; entityIds?: readonly string[] | null; limit: number },
): Promise<SearchHit[]> {
  const [vector] = await embedder.embed([q.query]);
  if (!vector || vector.every((x) => x === 0)) return [];
  const hits = await nearestChunks(db, { vector, model: embedder.model, clientId: q.clientId, entityIds: q.entityIds, limit: q.limit });
  return hits.map((h) => ({ documentId: h.documentId, fileName: h.fileName, page: h.page, text: h.text, score: Math.round((1 - h.distance) * 1000) / 1000 }));
}
