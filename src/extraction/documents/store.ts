import {
  and,
  asc,
  cosineDistance,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { clients } from '../../db/schema/clients.ts';
import { contracts } from '../../db/schema/contracts.ts';
import { documentChunks, documents } from '../../db/schema/documents.ts';

/** Queries on documents and their chunks; every function takes the database or a transaction first. */

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocument = typeof documents.$inferInsert;

/**
 * Inserts a document unless one with the same hash exists; returns the stored document (without
 * its bytes and text, which the caller has) and whether it is new.
 */
export async function insertDocumentOnce(
  db: DbOrTx,
  values: NewDocument,
): Promise<{ row: DocumentSummary; created: boolean }> {
  const [created] = await db
    .insert(documents)
    .values(values)
    .onConflictDoNothing({ target: documents.sha256 })
    .returning(summaryColumns);
  if (created) return { row: created, created: true };
  const existing = await findDocumentBySha(db, values.sha256);
  if (!existing) throw new Error('document insert conflicted but no row holds the hash');
  return { row: existing, created: false };
}

export async function findDocumentBySha(db: DbOrTx, sha256: string): Promise<DocumentSummary | null> {
  const [row] = await db.select(summaryColumns).from(documents).where(eq(documents.sha256, sha256)).limit(1);
  return row ?? null;
}

/**
 * A document without its uploaded bytes and its text (each can be megabytes): what its status,
 * terms and links are read from.
 */
export type DocumentSummary = Omit<DocumentRow, 'pages' | 'content'>;
const { pages: _pages, content: _bytes, ...summaryColumns } = getTableColumns(documents);

/** A document's status, terms and links, without reading its text. */
export async function getDocumentSummary(db: DbOrTx, id: string): Promise<DocumentSummary | null> {
  const [row] = await db.select(summaryColumns).from(documents).where(eq(documents.id, id)).limit(1);
  return row ?? null;
}

export async function getDocument(db: DbOrTx, id: string): Promise<DocumentRow | null> {
  const [row] = await db.select().from(documents).where(eq(documents.id, id)).limit(1);
  return row ?? null;
}

/** A document as processing takes it: everything but the uploaded bytes (its text is in pages). */
export type ClaimedDocument = Omit<DocumentRow, 'content'>;
const { content: _content, ...claimedColumns } = getTableColumns(documents);

/** Takes a queued document for processing; null when another worker has it or it is finished. */
export async function claimDocument(db: DbOrTx, id: string): Promise<ClaimedDocument | null> {
  const [row] = await db
    .update(documents)
    .set({ status: 'processing', attempts: sql`${documents.attempts} + 1`, updatedAt: sql`now()` })
    .where(and(eq(documents.id, id), eq(documents.status, 'queued')))
    .returning(claimedColumns);
  return row ?? null;
}

export interface ChunkValues {
  ordinal: number;
  page: number | null;
  text: string;
  embedding: number[];
  /** The text-search configuration of the passage's full-text vector (the database derives the vector). */
  searchLanguage: (typeof documentChunks.$inferInsert)['searchLanguage'];
}

/**
 * How long one statement of passages may hold the database. On the embedded database every
 * request waits for the statement in progress, and a passage's HNSW insert dominates its cost
 * (measured on PGlite: 3,738 passages took 42 s with the vector index, 9 s without it, ~80% of it
 * the index). So the step is sized from the last statement's time: a busy machine writes a few
 * passages per statement, a quiet one or a PostgreSQL server up to CHUNK_STEP_MAX.
 */
export const CHUNK_STATEMENT_TARGET_MS = 20;
const CHUNK_STEP_FIRST = 4;
const CHUNK_STEP_MAX = 200;

/** The next step's size from the last one's: aims at the target time per statement, grows at most 2x. */
export function nextChunkStep(step: number, tookMs: number, targetMs = CHUNK_STATEMENT_TARGET_MS): number {
  const aimed = Math.floor((step * targetMs) / Math.max(tookMs, 0.5));
  return Math.min(CHUNK_STEP_MAX, Math.max(1, Math.min(step * 2, aimed)));
}

/**
 * Replaces a document's passages, a few rows per statement, each its own transaction: one
 * transaction for thousands of passages held the embedded database (which runs one transaction at
 * a time for every connection) for seconds. Search sees a document's passages only once it is
 * done (chunkScope), so a half-written set is never found; processing it again replaces it.
 */
export async function replaceChunks(
  db: Db,
  row: Pick<DocumentRow, 'id' | 'clientId'>,
  embeddingModel: string,
  chunks: ChunkValues[],
): Promise<void> {
  await db.delete(documentChunks).where(eq(documentChunks.documentId, row.id));
  let step = CHUNK_STEP_FIRST;
  for (let i = 0; i < chunks.length; ) {
    const rows = chunks.slice(i, i + step);
    const started = performance.now();
    await db
      .insert(documentChunks)
      .values(rows.map((c) => ({ ...c, documentId: row.id, clientId: row.clientId, embeddingModel })));
    i += rows.length;
    step = nextChunkStep(step, performance.now() - started);
  }
}

/** Stores the extraction result and marks the document done (its passages are written first, by replaceChunks). */
export async function completeDocument(
  db: DbOrTx,
  row: Pick<DocumentRow, 'id'>,
  result: {
    extractor: string;
    terms: Record<string, unknown>;
    proposedChanges: Record<string, unknown>[];
    disagreements: Record<string, unknown>[];
  },
): Promise<void> {
  await db
    .update(documents)
    .set({ ...result, status: 'done', error: null, processedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(documents.id, row.id));
}

export async function failDocument(db: DbOrTx, id: string, error: { code: string; message: string }): Promise<void> {
  await db.update(documents).set({ status: 'failed', error, updatedAt: sql`now()` }).where(eq(documents.id, id));
}

/** Documents waiting for processing, or left in processing by a stopped process (they are queued again). */
export async function requeueUnfinished(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .update(documents)
    .set({ status: 'queued', updatedAt: sql`now()` })
    .where(inArray(documents.status, ['queued', 'processing']))
    .returning({ id: documents.id });
  return rows.map((r) => r.id);
}

export async function clientExists(db: DbOrTx, id: string): Promise<boolean> {
  return (await db.select({ id: clients.id }).from(clients).where(eq(clients.id, id)).limit(1)).length > 0;
}

export async function contractClient(db: DbOrTx, id: string): Promise<string | null | undefined> {
  const [row] = await db.select({ clientId: contracts.clientId }).from(contracts).where(eq(contracts.id, id)).limit(1);
  return row ? row.clientId : undefined;
}

export interface ChunkHit {
  id: number;
  documentId: string;
  fileName: string | null;
  page: number | null;
  text: string;
  distance: number;
}

/** What a search is limited to: one embedding model, optionally one client, optionally some entities. */
export interface ChunkScope {
  model: string;
  clientId: string | null;
  entityIds?: readonly string[] | null;
}

/**
 * The chunks a search may see: of one embedding model, optionally one client, and optionally only
 * documents whose every linked entity is in entityIds (null or absent = no limit; a limited caller never
 * sees firm-wide documents, those linked to neither client nor contract). The query must join documents
 * and, left, the document's client and contract.
 */
export function chunkScope(q: ChunkScope): SQL | undefined {
  const ids = q.entityIds == null ? null : [...q.entityIds];
  const entities =
    ids === null
      ? undefined
      : ids.length === 0
        ? sql`false`
        : and(
            or(isNotNull(documents.clientId), isNotNull(documents.contractId)),
            or(isNull(documents.clientId), inArray(clients.legalEntityId, ids)),
            or(isNull(documents.contractId), inArray(contracts.legalEntityId, ids)),
          );
  // Only finished documents: the passages of one in processing may be half written (replaceChunks).
  return and(
    eq(documents.status, 'done'),
    eq(documentChunks.embeddingModel, q.model),
    q.clientId ? eq(documentChunks.clientId, q.clientId) : undefined,
    entities,
  );
}

/** Nearest chunks by cosine distance (HNSW index), among those chunkScope lets the search see. */
export async function nearestChunks(
  db: DbOrTx,
  q: ChunkScope & { vector: number[]; limit: number },
): Promise<ChunkHit[]> {
  const distance = cosineDistance(documentChunks.embedding, q.vector);
  const rows = await db
    .select({
      id: documentChunks.id,
      documentId: documentChunks.documentId,
      fileName: documents.fileName,
      page: documentChunks.page,
      text: documentChunks.text,
      distance,
    })
    .from(documentChunks)
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .leftJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(contracts, eq(contracts.id, documents.contractId))
    .where(chunkScope(q))
    .orderBy(distance, asc(documentChunks.id))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, distance: Number(r.distance) }));
}
