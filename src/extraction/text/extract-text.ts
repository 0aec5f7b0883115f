import { loadConfig, type Config } from '../../config.ts';
import { err, type Result } from '../../shared/result.ts';
import { runInDocumentWorker, stopDocumentWorker, type WorkerBudget } from './document-worker.ts';
import type { DocumentText } from './document-text.ts';
import { problem, type DocumentProblem } from './errors.ts';
import type { ReadLimits } from './read-text.ts';

/** What one document may cost; unset fields take the configured defaults (docs/documents.md). */
export interface TextLimits {
  maxBytes: number;
  maxPages: number;
  maxTextChars?: number;
  maxUnzippedBytes?: number;
  maxXmlElements?: number;
  maxSeconds?: number;
  /** Heap cap of the document worker, in MB. */
  maxWorkerMb?: number;
  /** Nice value of the document worker on Linux (BILLING_WORKER_NICE); 0 keeps its creator's. */
  workerNice?: number;
}

/** The document limits a configuration sets. */
export function documentLimits(config: Config): Required<TextLimits> {
  return {
    maxBytes: config.UPLOAD_MAX_BYTES,
    maxPages: config.UPLOAD_MAX_PAGES,
    maxTextChars: config.DOCUMENT_MAX_TEXT_CHARS,
    maxUnzippedBytes: config.DOCUMENT_MAX_UNZIPPED_BYTES,
    maxXmlElements: config.DOCUMENT_MAX_XML_ELEMENTS,
    maxSeconds: config.DOCUMENT_MAX_SECONDS,
    maxWorkerMb: config.DOCUMENT_WORKER_MAX_MB,
    workerNice: config.BILLING_WORKER_NICE,
  };
}

let defaults: Required<TextLimits> | undefined;
/** The given limits with the configured defaults filled in. */
export function withDefaults(limits: TextLimits): Required<TextLimits> {
  defaults ??= documentLimits(loadConfig({}));
  const set = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
  return { ...defaults, ...set };
}

/** The worker budget of a set of limits. */
export const workerBudget = (l: Required<TextLimits>): WorkerBudget => ({
  maxSeconds: l.maxSeconds,
  maxHeapMb: l.maxWorkerMb,
  nice: l.workerNice,
});

/**
 * Turns uploaded bytes into page texts. Size is checked here, before anything is parsed; the rest
 * runs in the document worker, off the event loop: the type is decided by content, pages are checked
 * before any text is read, and text, unzipped bytes and XML elements while it is read. A document
 * that outlasts the time limit or the worker's heap cap is refused too. Every refusal is a typed
 * DocumentProblem.
 */
export async function extractText(
  bytes: Uint8Array,
  given: TextLimits,
): Promise<Result<DocumentText, DocumentProblem>> {
  const limits = withDefaults(given);
  if (bytes.length > limits.maxBytes) {
    return err(
      problem('DOCUMENT_TOO_LARGE', `The file is ${bytes.length} bytes; the limit is ${limits.maxBytes}.`, {
        bytes: bytes.length,
        maxBytes: limits.maxBytes,
      }),
    );
  }
  if (bytes.length === 0) return err(problem('EMPTY_DOCUMENT', 'The file is empty.'));
  const read: ReadLimits = {
    maxPages: limits.maxPages,
    maxTextChars: limits.maxTextChars,
    maxUnzippedBytes: limits.maxUnzippedBytes,
    maxXmlElements: limits.maxXmlElements,
  };
  // A copy, transferred: the reader may detach what it is given, and the caller keeps its bytes.
  const copy = bytes.slice();
  const outcome = await runInDocumentWorker<Result<DocumentText, DocumentProblem>>(
    'text',
    { bytes: copy, limits: read },
    workerBudget(limits),
    [copy.buffer],
  );
  if (outcome.ok) return outcome.value;
  return err(outcomeProblem(outcome.reason, limits));
}

/** The problem for a task the worker gave up on. */
export function outcomeProblem(reason: 'timeout' | 'memory', limits: Required<TextLimits>): DocumentProblem {
  return reason === 'timeout'
    ? problem('DOCUMENT_TIMEOUT', `Reading the document took longer than ${limits.maxSeconds} s.`, {
        maxSeconds: limits.maxSeconds,
      })
    : problem('DOCUMENT_TOO_COMPLEX', `Reading the document needed more than ${limits.maxWorkerMb} MB of memory.`, {
        maxWorkerMb: limits.maxWorkerMb,
      });
}

/** Starts the document worker and loads its readers, so the first upload does not pay for it. Call at server start. */
export async function warmUpDocumentWorker(limits: TextLimits = { maxBytes: 0, maxPages: 0 }): Promise<void> {
  await runInDocumentWorker('warm', {}, workerBudget(withDefaults(limits)));
}

export { stopDocumentWorker };
