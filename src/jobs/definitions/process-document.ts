import { processDocument, type ProcessDeps } from '../../extraction/documents/process-document.ts';
import type { DocumentProcessor } from '../../extraction/documents/processor.ts';
import { requeueUnfinished } from '../../extraction/documents/store.ts';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../shared/log.ts';
import { defineJob, type JobDefinition } from '../runner/job.ts';
import type { JobRunner } from '../runner/job-runner.ts';

export const DOCUMENT_QUEUE = 'document.process';
export interface DocumentJobData {
  documentId: string;
}

/**
 * Reads, extracts, compares and indexes one uploaded document, as the job worker. A document's own
 * failure (a bomb, an unreadable file, the model refusing) marks the document failed and ends the
 * job; what throws (the database gone) fails the job, which is retried with backoff. Idempotent:
 * a document already claimed or done is skipped.
 */
export function processDocumentJob(deps: Omit<ProcessDeps, 'log'>): JobDefinition<DocumentJobData> {
  return defineJob<DocumentJobData>({
    queue: DOCUMENT_QUEUE,
    description: 'Extract, compare with its contract and index one uploaded document',
    actAs: 'job-worker',
    retry: { limit: 4, delaySeconds: 15, backoff: true },
    expireInSeconds: 15 * 60,
    policy: 'stately',
    schedulable: false,
    objectOf: (d) => ({ type: 'document', id: d.documentId }),
    async handle(data, ctx) {
      const outcome = await processDocument({ ...deps, log: (msg, meta) => ctx.log.warn(msg, meta) }, data.documentId);
      ctx.log.info('document processed', { documentId: data.documentId, outcome });
    },
  });
}

/**
 * Document processing on the job runner: uploads become durable jobs (one per document), taken
 * by whichever process runs the workers, surviving restarts.
 */
export function queuedDocumentProcessor(runner: JobRunner, db: Db, log: Logger): DocumentProcessor {
  const send = (documentId: string) =>
    runner.send(DOCUMENT_QUEUE, { documentId } satisfies DocumentJobData, { singletonKey: documentId });
  /** Sends not yet stored: drain() waits for them before it looks at the queue. */
  const sending = new Set<Promise<unknown>>();
  return {
    enqueue(documentId) {
      // The document row says "queued" already: a send lost here is sent again by resume() at the next start.
      const p = send(documentId)
        .catch((e: unknown) =>
          log.error('document job not queued; it stays queued until the next start', {
            documentId,
            error: e instanceof Error ? e.message : String(e),
          }),
        )
        .finally(() => sending.delete(p));
      sending.add(p);
    },
    async drain() {
      while (sending.size > 0) await Promise.all([...sending]);
      while ((await runner.pending(DOCUMENT_QUEUE)) > 0) await new Promise((r) => setTimeout(r, 100));
    },
    async resume() {
      const ids = await requeueUnfinished(db);
      for (const id of ids) await send(id);
      return ids.length;
    },
    stop: () => runner.stop(),
  };
}
