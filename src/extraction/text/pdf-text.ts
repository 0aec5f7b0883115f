import { Worker } from 'node:worker_threads';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DocumentText } from './document-text.ts';
import { problem, type DocumentProblem } from './errors.ts';

/** Marks text-item boundaries so cell gaps can be told from word spaces; never occurs in PDF text. */
const ITEM = '\u001f';
/** pdf.js emits a separate whitespace item only for gaps wider than an in-line space: a table column gap. */
const CELL_GAP = new RegExp(`${ITEM}[ \\u00a0]+${ITEM}`, 'g');
const ITEMS = new RegExp(ITEM, 'g');
/** A page with fewer visible characters than this is treated as having no text layer. */
const MIN_PAGE_CHARS = 20;

/**
 * Rebuilds one page: rows of a table stay on one line (pdf.js groups items by baseline) and their
 * cells are separated by a tab, so a rate card row reads "Senior Consultant\t250.00\thour".
 */
export function pageTextFromItems(raw: string): string {
  return raw
    .replace(CELL_GAP, '\t')
    .replace(ITEMS, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const visibleChars = (s: string): number => s.replace(/\s+/g, '').length;

/** What the worker answers for one PDF (pdf-worker.mjs). */
type WorkerAnswer =
  | { id: number; tooManyPages: number }
  | { id: number; pages: { num: number; text: string }[] }
  | { id: number; failure: { kind: 'password' | 'format' | 'other'; name: string; message: string } };

/**
 * The pdf.js worker thread, started on first use and again after it dies. pdf.js is about 60 MB
 * of heap: in the server's own heap every major GC marked it, pausing requests for tens of ms;
 * in a worker it costs the server nothing, and a long PDF parses off the event loop. The worker
 * does not keep the process alive.
 */
class PdfWorker {
  private current: { worker: Worker; pending: Map<number, { resolve: (a: WorkerAnswer) => void; reject: (e: Error) => void }> } | null = null;
  private nextId = 1;

  private start() {
    const worker = new Worker(new URL('./pdf-worker.mjs', import.meta.url));
    worker.unref();
    // Each worker answers only its own reads: a stopped worker's exit fails its reads, never a successor's.
    const current = { worker, pending: new Map<number, { resolve: (a: WorkerAnswer) => void; reject: (e: Error) => void }>() };
    worker.on('message', (answer: WorkerAnswer) => {
      current.pending.get(answer.id)?.resolve(answer);
      current.pending.delete(answer.id);
    });
    const fail = (e: Error) => {
      if (this.current === current) this.current = null;
      for (const p of current.pending.values()) p.reject(e);
      current.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PDF worker stopped (exit code ${code})`)));
    return current;
  }

  /**
   * Stops the worker; PDFs being read fail, and the next read starts a new worker. The reads in
   * flight are failed here, before the worker is terminated: a worker that finishes a read while
   * terminate() is under way would otherwise answer it, so whether a read survived a stop would
   * depend on timing.
   */
  async stop(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current) return;
    const stopped = new Error('the PDF worker stopped before the PDF was read');
    for (const p of current.pending.values()) p.reject(stopped);
    current.pending.clear();
    await current.worker.terminate();
  }

  read(bytes: Uint8Array, maxPages: number): Promise<WorkerAnswer> {
    const { worker, pending } = (this.current ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      // A copy, transferred: pdf.js may detach what it is given, and the caller keeps its bytes.
      const copy = bytes.slice();
      worker.postMessage({ id, bytes: copy, maxPages, itemJoiner: ITEM }, [copy.buffer]);
    });
  }
}

const pdfWorker = new PdfWorker();

/** Stops the PDF worker thread (server shutdown); a later pdfText starts a new one. */
export const stopPdfWorker = (): Promise<void> => pdfWorker.stop();

/** Extracts the text of a PDF page by page with pdf-parse (in a worker thread), enforcing the page limit before reading text. */
export async function pdfText(bytes: Uint8Array, maxPages: number): Promise<Result<DocumentText, DocumentProblem>> {
  const answer = await pdfWorker.read(bytes, maxPages);
  if ('tooManyPages' in answer) {
    return err(problem('TOO_MANY_PAGES', `The PDF has ${answer.tooManyPages} pages; the limit is ${maxPages}.`, { pages: answer.tooManyPages, maxPages }));
  }
  if ('failure' in answer) {
    const { kind, name, message } = answer.failure;
    if (kind === 'password' || /Password/i.test(name)) return err(problem('ENCRYPTED_DOCUMENT', 'The PDF is password-protected.'));
    if (kind === 'format') return err(problem('CORRUPT_DOCUMENT', 'The PDF is damaged and cannot be read.', { reason: message }));
    // Anything else pdf.js throws on bytes that start with %PDF is a broken file, not a bug of ours.
    return err(problem('CORRUPT_DOCUMENT', 'The PDF cannot be read.', { reason: message }));
  }
  const pages = answer.pages.map((p) => ({ number: p.num, text: pageTextFromItems(p.text) }));
  if (pages.length === 0) return err(problem('EMPTY_DOCUMENT', 'The PDF has no pages.'));
  if (!pages.some((p) => visibleChars(p.text) >= MIN_PAGE_CHARS)) {
    return err(
      problem('IMAGE_ONLY_DOCUMENT', 'The PDF has no text layer (scanned or image-only); run OCR and upload again.', {
        pages: pages.length,
      }),
    );
  }
  return ok({ kind: 'pdf', pages });
}

// A one-page PDF with one line of text; pdf.js rebuilds its (omitted) cross-reference table.
const TINY_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
  '4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 10 50 Td (warm up text layer) Tj ET\nendstream endobj\n' +
  '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/**
 * Starts the worker, which loads pdf.js and reads a tiny PDF once, so the first real upload does
 * not pay the start-up cost. Call at server start; harmless to call again.
 */
export async function warmUpPdfText(): Promise<void> {
  await pdfText(new TextEncoder().encode(TINY_PDF), 1);
}
