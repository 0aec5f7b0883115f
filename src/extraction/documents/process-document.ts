import type { Db } from '../../db/client.ts';
import type { Embedder } from '../search/embedder.ts';
import { detectSearchLanguage } from '../search/language.ts';
import { toPassages } from '../search/passages.ts';
import type { SowTerms } from '../sow-terms.ts';
import type { DocumentText } from '../text/document-text.ts';
import { DocumentLimitError } from '../text/errors.ts';
import type { TermsExtractor } from './extract-terms.ts';
import { claimDocument, completeDocument, failDocument, replaceChunks, type ClaimedDocument } from './store.ts';

export interface ProcessDeps {
  db: Db;
  extractTerms: TermsExtractor;
  embedder: Embedder;
  /** Called after a document's terms are stored, e.g. to compare them with its contract and raise a mismatch exception. */
  onExtracted?: (document: ClaimedDocument, terms: SowTerms) => Promise<void>;
  log?: (msg: string, meta: Record<string, unknown>) => void;
}

/** Passages embedded per step; between steps other requests get the event loop (a local embedding of 4,000 passages takes ~250 ms). */
const EMBED_STEP = 64;

/** Embeds texts a step at a time, yielding to the event loop between steps. */
async function embedInSteps(embedder: Embedder, texts: string[]): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let i = 0; i < texts.length; i += EMBED_STEP) {
    for (const v of await embedder.embed(texts.slice(i, i + EMBED_STEP))) vectors.push(v);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return vectors;
}

/**
 * Extracts a queued document's terms and indexes its passages for search, then marks it done
 * (search sees its passages from then on). A document that is not queued (already taken or finished) is skipped, so running
 * the same job twice changes nothing. A failure marks the document failed with a code. The rules
 * extractor runs in the document worker and embedding yields between steps, so a long document
 * does not hold the event loop.
 */
export async function processDocument(deps: ProcessDeps, documentId: string): Promise<'done' | 'failed' | 'skipped'> {
  const row = await claimDocument(deps.db, documentId);
  if (!row) return 'skipped';
  const doc: DocumentText = { kind: row.kind, pages: row.pages };
  try {
    const result = await deps.extractTerms(doc);
    const passages = toPassages(doc);
    const searchLanguage = detectSearchLanguage(doc.pages.map((p) => p.text).join('\n'));
    const vectors = await embedInSteps(
      deps.embedder,
      passages.map((p) => p.text),
    );
    await replaceChunks(
      deps.db,
      row,
      deps.embedder.model,
      passages.map((p, i) => ({
        ordinal: p.ordinal,
        page: p.page,
        text: p.text,
        embedding: vectors[i] ?? [],
        searchLanguage,
      })),
    );
    await completeDocument(deps.db, row, {
      extractor: result.extractor,
      terms: result.terms as unknown as Record<string, unknown>,
      proposedChanges: result.proposedChanges as unknown as Record<string, unknown>[],
      disagreements: result.disagreements as unknown as Record<string, unknown>[],
    });
    await deps.onExtracted?.(row, result.terms);
    return 'done';
  } catch (e) {
    // The message of an infrastructure error may name hosts, never keys; it is stored for operators.
    const message = e instanceof Error ? e.message.slice(0, 500) : 'extraction failed';
    deps.log?.('document processing failed', { documentId, error: message });
    await failDocument(deps.db, documentId, {
      code: e instanceof DocumentLimitError ? e.problem.code : 'EXTRACTION_FAILED',
      message,
    });
    return 'failed';
  }
}
