import { getPriority } from 'node:os';
import type { DocumentText } from './document-text.ts';
import { TINY_PDF, type PdfParseModule } from './pdf-text.ts';
import { readDocumentText, type ReadLimits } from './read-text.ts';

/**
 * What the document worker (document-worker.mjs) runs, given the pdf-parse module it loaded. Only
 * the worker imports this module, so pdf.js, mammoth and the rules extractor never load into the
 * server's heap.
 */
export function createWorkerTasks(pdfParse: PdfParseModule) {
  return {
    text: (input: { bytes: Uint8Array; limits: ReadLimits }) => readDocumentText(pdfParse, input.bytes, input.limits),
    // The built-in terms extractor; loaded on first use (it lives with the documents it serves).
    terms: async (input: { doc: DocumentText }) =>
      (await import('../documents/rules-terms.ts')).extractTermsWithRules(input.doc),
    /** The nice value this worker thread runs at (os.getPriority of the calling thread, on Linux). */
    nice: async () => getPriority(0),
    /** Reads a tiny PDF once so pdf.js is compiled, and loads the rules, before the first upload. */
    warm: async () => {
      await readDocumentText(pdfParse, new TextEncoder().encode(TINY_PDF), {
        maxPages: 1,
        maxTextChars: 1000,
        maxUnzippedBytes: 1,
        maxXmlElements: 1,
      });
      await import('../documents/rules-terms.ts');
      return true;
    },
  };
}

export type WorkerTaskName = keyof ReturnType<typeof createWorkerTasks>;
