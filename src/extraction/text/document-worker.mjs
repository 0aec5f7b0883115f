// The document worker thread (see document-worker.ts): pdf.js, mammoth and the rules extractor run
// here, under a heap cap, off the server's event loop. Plain JavaScript that loads the TypeScript
// tasks through tsx's API, so it starts the same under tsx, vitest and node.
// Messages: { task, input } -> { value } | { error }; { ready: true } once the tasks are loaded.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// First, before any long work: this thread yields the CPU to the one answering requests (Linux).
const { lowerThreadPriority } = await tsImport('../../shared/thread-priority.ts', import.meta.url);
lowerThreadPriority(workerData?.nice ?? 0);

// pdf-parse (pdf.js) loads natively: through tsx's loader it takes seconds longer.
const pdfParse = await import('pdf-parse');
const { createWorkerTasks } = await tsImport('./worker-tasks.ts', import.meta.url);
const workerTasks = createWorkerTasks(pdfParse);

parentPort.on('message', async ({ task, input }) => {
  try {
    parentPort.postMessage({ value: await workerTasks[task](input) });
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
parentPort.postMessage({ ready: true });
