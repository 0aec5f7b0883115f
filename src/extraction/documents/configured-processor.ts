import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { EMBEDDING_DIMENSIONS } from '../../db/schema/documents.ts';
import { createEmbedder } from '../search/embedder.ts';
import { createTermsExtractor } from './extract-terms.ts';
import type { ProcessDeps } from './process-document.ts';
import { createDocumentProcessor, type DocumentProcessor } from './processor.ts';
import { recordTermsMismatch } from './record-terms-mismatch.ts';

/** What processing a document needs, as configured: the extractor, the embedder, the mismatch check against the contract. */
export function configuredProcessDeps(db: Db, config: Config): Omit<ProcessDeps, 'log'> {
  return {
    db,
    extractTerms: createTermsExtractor(config),
    embedder: createEmbedder(config, EMBEDDING_DIMENSIONS),
    onExtracted: async (document, terms) => void (await recordTermsMismatch(db, document, terms)),
  };
}

/**
 * The in-process document queue as configured: where no job runner can run, i.e. PGlite in this
 * process (memory://, tests, one-shot CLI commands), which nothing else can reach. A server on a
 * data folder or on PostgreSQL processes documents as durable jobs in its background thread.
 */
export function configuredDocumentProcessor(
  db: Db,
  config: Config,
  log: (msg: string, meta: Record<string, unknown>) => void,
): DocumentProcessor {
  return createDocumentProcessor({ ...configuredProcessDeps(db, config), log });
}
