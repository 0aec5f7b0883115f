import type { DbOrTx } from '../../db/client.ts';
import { nearestChunks } from '../documents/store.ts';
import type { Embedder } from './embedder.ts';
import { matchingChunks } from './full-text.ts';
import { fuseRankings } from './rank-fusion.ts';

export interface SearchHit {
  documentId: string;
  fileName: string | null;
  page: number | null;
  text: string;
  /** The fused score (reciprocal rank fusion): higher is better; comparable only within one search. */
  score: number;
}

/** Passages each ranking contributes at least, so a passage deep in one ranking and high in the other is still fused. */
const CANDIDATES = 50;

/**
 * Passages that answer a question ("what does the SOW say about travel expenses?"), best first, each
 * with its document and page. Two rankings over the passages the caller may see are fused by
 * reciprocal rank: full text (the words of the question, stemmed in the passage's language, BM25) and
 * the embedding (nearest vectors; only chunks embedded by the current embedder are compared). With
 * entityIds, only documents whose every linked entity is among them (see chunkScope).
 */
export async function searchDocuments(
  db: DbOrTx,
  embedder: Embedder,
  q: { query: string; clientId: string | null; entityIds?: readonly string[] | null; limit: number },
): Promise<SearchHit[]> {
  const scope = { model: embedder.model, clientId: q.clientId, entityIds: q.entityIds };
  const depth = Math.max(q.limit, CANDIDATES);
  const [vector] = await embedder.embed([q.query]);
  const nearest =
    vector && vector.some((x) => x !== 0) ? await nearestChunks(db, { ...scope, vector, limit: depth }) : [];
  const matching = await matchingChunks(db, { ...scope, query: q.query, limit: depth });
  return fuseRankings<{ id: number; documentId: string; fileName: string | null; page: number | null; text: string }>([
    matching,
    nearest,
  ])
    .slice(0, q.limit)
    .map(({ item, score }) => ({
      documentId: item.documentId,
      fileName: item.fileName,
      page: item.page,
      text: item.text,
      score: Math.round(score * 1e5) / 1e5,
    }));
}
