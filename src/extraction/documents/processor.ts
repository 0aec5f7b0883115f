import { processDocument, type ProcessDeps } from './process-document.ts';
import { requeueUnfinished } from './store.ts';

export interface DocumentProcessor {
  enqueue(documentId: string): void;
  /** Resolves once every queued document has been processed. */
  drain(): Promise<void>;
  /** Queues documents a stopped process left queued or half-processed. */
  resume(): Promise<number>;
  /** Takes no more from the queue and waits for the document in progress; the rest stay queued in the database for resume(). */
  stop(): Promise<void>;
}

/** An in-process queue that processes documents one at a time, in the background. */
export function createDocumentProcessor(deps: ProcessDeps): DocumentProcessor {
  const queue: string[] = [];
  let running: Promise<void> | null = null;
  const run = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await processDocument(deps, id);
      } catch (e) {
        deps.log?.('document job crashed', { documentId: id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    running = null;
  };
  const kick = (): void => {
    running ??= run();
  };
  return {
    enqueue(id) {
      if (!queue.includes(id)) queue.push(id);
      kick();
    },
    async drain() {
      while (running) await running;
    },
    async stop() {
      queue.length = 0;
      while (running) await running;
    },
    async resume() {
      const ids = await requeueUnfinished(deps.db);
      for (const id of ids) this.enqueue(id);
      return ids.length;
    },
  };
}
