import { sql } from 'drizzle-orm';
import {
  bigserial,
  char,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  vector,
} from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { contracts } from './contracts.ts';

/** Dimensions of every stored embedding: the built-in local embedding, and remote models asked for the same size. */
export const EMBEDDING_DIMENSIONS = 256;

/** JSON columns are typed loosely here (db/ may not import extraction/); the extraction store parses them with zod. */
export interface StoredPage {
  number: number | null;
  text: string;
}

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The text-search configuration of a passage (the document's language, detected when it is indexed; 'simple'
 * when unsure) and the full-text vector the database derives from it: a 'simple' passage is indexed both
 * unstemmed and with English stemming.
 */
export const CHUNK_SEARCH_LANGUAGES = ['english', 'german', 'french', 'simple'] as const;
const searchVectorOf = sql.raw(
  `CASE "search_language" WHEN 'english' THEN to_tsvector('english'::regconfig, "text") WHEN 'german' THEN to_tsvector('german'::regconfig, "text") ` +
    `WHEN 'french' THEN to_tsvector('french'::regconfig, "text") ELSE to_tsvector('simple'::regconfig, "text") || to_tsvector('english'::regconfig, "text") END`,
);

export const documentStatus = pgEnum('document_status', ['queued', 'processing', 'done', 'failed']);
export const documentKind = pgEnum('document_kind', ['pdf', 'docx', 'text']);

/**
 * An uploaded statement of work, MSA, amendment or change order, stored once per content hash. Text
 * is read at upload (refused files are never stored); extraction and embedding run asynchronously.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sha256: char('sha256', { length: 64 }).notNull().unique(),
    clientId: uuid('client_id').references(() => clients.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    fileName: text('file_name'),
    kind: documentKind('kind').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    pageCount: integer('page_count').notNull(),
    content: bytea('content').notNull(),
    pages: jsonb('pages').$type<StoredPage[]>().notNull(),
    status: documentStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    extractor: text('extractor'),
    terms: jsonb('terms').$type<Record<string, unknown>>(),
    proposedChanges: jsonb('proposed_changes').$type<Record<string, unknown>[]>().notNull().default([]),
    disagreements: jsonb('disagreements').$type<Record<string, unknown>[]>().notNull().default([]),
    error: jsonb('error').$type<{ code: string; message: string }>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    index('documents_client_idx').on(t.clientId),
    index('documents_contract_idx').on(t.contractId),
    index('documents_status_idx').on(t.status),
    check('documents_sha256_ck', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** A passage of a document with its page and embedding, for search; the client is copied for filtering. */
export const documentChunks = pgTable(
  'document_chunks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id').references(() => clients.id),
    ordinal: integer('ordinal').notNull(),
    page: integer('page'),
    text: text('text').notNull(),
    embeddingModel: text('embedding_model').notNull(),
    embedding: vector('embedding', { dimensions: EMBEDDING_DIMENSIONS }).notNull(),
    searchLanguage: text('search_language', { enum: CHUNK_SEARCH_LANGUAGES }).notNull().default('simple'),
    searchVector: tsvector('search_vector').notNull().generatedAlwaysAs(searchVectorOf),
  },
  (t) => [
    index('document_chunks_document_idx').on(t.documentId),
    index('document_chunks_client_idx').on(t.clientId),
    index('document_chunks_embedding_hnsw_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
    index('document_chunks_search_vector_idx').using('gin', t.searchVector),
    check(
      'document_chunks_search_language_ck',
      sql.raw(`"search_language" IN ('english', 'german', 'french', 'simple')`),
    ),
  ],
);
