import { Worker } from 'node:worker_threads';
import type { BillingRunSummary, RunBillingError, RunBillingInput } from '../../billing/billing-run/run-billing.ts';
import type { Result } from '../../shared/result.ts';
import type { Database } from '../../db/client.ts';
import { BillingRunFailed, type BillingRunner, type BillingRunRequest } from '../../db/stores/billing-run-request.ts';
import type { DocumentProcessor } from '../../extraction/documents/processor.ts';
import { requeueUnfinished } from '../../extraction/documents/store.ts';

export interface BackgroundThreadData {
  /** The worker's TypeScript entry (boot.mjs registers tsx, then imports it). */
  entry: string;
  reach: NonNullable<Database['reachableAs']>;
}

export type ThreadRequest =
  | { type: 'billing-run'; id: number; request: BillingRunRequest }
  | { type: 'document'; documentId: string }
  /** Replies 'settled' with the id once the document queue is empty (drain) or stopped (stop). */
  | { type: 'drain-documents' | 'stop-documents'; id: number }
  | { type: 'close' };

export type ThreadMessage =
  /** The thread has started; `nice` is the nice value it runs at (os.getPriority inside it). */
  | { type: 'ready'; nice: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; meta: Record<string, unknown> }
  | { type: 'progress'; id: number; progress: Parameters<NonNullable<RunBillingInput['onProgress']>>[0] }
  | { type: 'done'; id: number; result: Result<BillingRunSummary, RunBillingError> }
  | { type: 'failed'; id: number; runId: string | null; message: string }
  | { type: 'settled'; id: number };

/**
 * Long work off the server's event loop: billing runs and the job runner (pg-boss: document
 * processing, scheduled jobs) run in one worker thread with connections of its own (PostgreSQL, or
 * the embedded folder's socket). The server's thread answers requests; the background thread's CPU
 * and garbage never hold it.
 */
export interface BackgroundThread {
  billing: BillingRunner;
  documents: DocumentProcessor;
  /** Starts the thread now (about a second), so the first run does not wait for it. */
  warmUp(): void;
  /**
   * The nice value the thread runs at, as it read it itself (starts it): BILLING_WORKER_NICE on
   * Linux, the server's elsewhere.
   */
  niceValue(): Promise<number>;
  /** Waits for runs and the document in progress, then closes the thread's connections and ends it. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (r: Result<BillingRunSummary, RunBillingError>) => void;
  reject: (e: Error) => void;
  onProgress: RunBillingInput['onProgress'] | undefined;
}

/**
 * The background thread for a database another thread can reach; null when none can (PGlite in
 * this thread), where long work stays in this thread. The worker starts on first use (or warmUp)
 * and is kept. If it dies, its billing runs fail (their records are swept to `interrupted`, as a
 * killed process's are), its queued documents stay queued in the database, and the next use
 * starts a new one, which takes those documents up again.
 */
export function backgroundThreadFor(
  database: Database,
  log: (msg: string, meta: Record<string, unknown>, level?: 'debug' | 'info' | 'warn' | 'error') => void,
): BackgroundThread | null {
  const reach = database.reachableAs;
  if (!reach) return null;
  let worker: Promise<Worker> | null = null;
  let nice = 0;
  let startedBefore = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const waiters = new Map<number, () => void>();
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    for (const w of waiters.values()) w(); // a dead thread processes nothing more
    waiters.clear();
  };
  const start = (): Promise<Worker> => {
    const data: BackgroundThreadData = { entry: new URL('./thread-worker.ts', import.meta.url).href, reach };
    const w = new Worker(new URL('./boot.mjs', import.meta.url), { workerData: data });
    return new Promise<Worker>((resolve, reject) => {
      w.on('message', (msg: ThreadMessage) => {
        if (msg.type === 'ready') {
          nice = msg.nice;
          return resolve(w);
        }
        if (msg.type === 'log') return log(msg.msg, msg.meta, msg.level);
        if (msg.type === 'settled') {
          waiters.get(msg.id)?.();
          return waiters.delete(msg.id);
        }
        const p = pending.get(msg.id);
        if (!p) return;
        if (msg.type === 'progress') return p.onProgress?.(msg.progress);
        pending.delete(msg.id);
        if (msg.type === 'done') p.resolve(msg.result);
        else p.reject(new BillingRunFailed(msg.message, msg.runId));
      });
      w.on('error', (e) => {
        log('the background thread failed', { error: e.message });
        worker = null;
        reject(e);
        failAll(new BillingRunFailed(`The background thread failed: ${e.message}`, null));
      });
      w.on('exit', (code) => {
        worker = null;
        reject(new Error(`The background thread stopped while starting (exit ${code})`));
        failAll(new BillingRunFailed(`The background thread stopped (exit ${code}) before the run finished`, null));
      });
    });
  };
  const started = (): Promise<Worker> => {
    if (!worker) {
      const replacing = startedBefore;
      startedBefore = true;
      worker = start();
      // A thread that replaces a dead one takes up the documents the dead one left queued.
      if (replacing) void worker.then(() => requeue()).catch(() => undefined);
    }
    return worker.catch((e: unknown) => {
      worker = null;
      throw e;
    });
  };
  const ask = async (type: 'drain-documents' | 'stop-documents'): Promise<void> => {
    const w = await started();
    const id = nextId++;
    await new Promise<void>((resolve) => {
      waiters.set(id, resolve);
      w.postMessage({ type, id } satisfies ThreadRequest);
    });
  };
  const requeue = async () => {
    const ids = await requeueUnfinished(database.db);
    const w = await started();
    for (const documentId of ids) w.postMessage({ type: 'document', documentId } satisfies ThreadRequest);
    return ids.length;
  };
  return {
    billing: {
      async run(request, onProgress) {
        const w = await started();
        const id = nextId++;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject, onProgress });
          w.postMessage({ type: 'billing-run', id, request } satisfies ThreadRequest);
        });
      },
    },
    documents: {
      enqueue(documentId) {
        started()
          .then((w) => w.postMessage({ type: 'document', documentId } satisfies ThreadRequest))
          .catch((e: unknown) =>
            log('document not handed to the background thread; it stays queued', {
              documentId,
              error: e instanceof Error ? e.message : String(e),
            }),
          );
      },
      drain: () => ask('drain-documents'),
      resume: requeue,
      // A thread never started has nothing in progress (and is not started to be stopped).
      stop: async () => (worker ? ask('stop-documents') : undefined),
    },
    warmUp() {
      started().catch(() => undefined); // a failure shows again, as an error, on first use
    },
    async niceValue() {
      await started();
      return nice;
    },
    async close() {
      const w = await worker?.catch(() => null);
      worker = null;
      if (!w) return;
      await new Promise<void>((resolve) => {
        w.once('exit', () => resolve());
        w.postMessage({ type: 'close' } satisfies ThreadRequest);
      });
    },
  };
}
