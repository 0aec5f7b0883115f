import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { EMBEDDING_DIMENSIONS } from '../../db/schema/documents.ts';
import { createEmbedder } from '../search/embedder.ts';
import { createTermsExtractor } from './extract-terms.ts';
import { createDocumentProcessor, type DocumentProcessor } from './processor.ts';
import { recordTermsMismatch } from './record-terms-mismatch.ts';

/**
 * The document processor as configured (extractor, embedder, the mismatch check against the
 * contract): what a server runs, in its background thread or, where none runs, in its own.
 */
export function configuredDocumentProcessor(db: Db, config: Config, log: (msg: string, meta: Record<string, unknown>) => void): DocumentProcessor {
  return createDocumentProcessor({
    db,
    extractTerms: createTermsExtractor(config),
    embedder: createEmbedder(config, EMBEDDING_DIMENSIONS),
    onExtracted: async (document, terms) => void (await recordTermsMismatch(db, document, terms)),
    log,
  });
}
