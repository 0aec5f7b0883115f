import { Worker } from 'node:worker_threads';
import type { WorkerTaskName } from './worker-tasks.ts';

/** What one task may cost: wall time, the heap of the worker that runs it, and its CPU priority. */
export interface WorkerBudget {
  maxSeconds: number;
  /** Heap cap of the worker thread (resourceLimits.maxOldGenerationSizeMb). */
  maxHeapMb: number;
  /** The nice value the worker thread gives itself on Linux (lowerThreadPriority); 0 keeps its creator's. */
  nice: number;
}

/** A task's outcome: its value, or why the worker gave up on it (the worker is then replaced). */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'memory' };

interface Job {
  task: WorkerTaskName;
  input: unknown;
  transfer: ArrayBuffer[];
  budget: WorkerBudget;
  resolve: (o: TaskOutcome<unknown>) => void;
  reject: (e: Error) => void;
}

type Answer = { ready: true } | { value: unknown } | { error: string };

/**
 * The worker thread that reads documents and runs the rules extractor: pdf.js, mammoth and a long
 * extraction run there, never on the server's event loop, so other requests keep answering; on
 * Linux at a lower priority than the thread that answers them (the budget's nice value). One
 * task at a time, so a task that overruns its time or the worker's heap cap is the one refused: the
 * worker is terminated (memory and all) and the next task starts on a new one. It does not keep the
 * process alive.
 */
class DocumentWorker {
  private current: { worker: Worker; heapMb: number; nice: number; ready: Promise<void> } | null = null;
  private readonly queue: Job[] = [];
  private running: { job: Job; timer: NodeJS.Timeout | undefined } | null = null;

  private start(heapMb: number, nice: number) {
    const worker = new Worker(new URL('./document-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      workerData: { nice },
    });
    worker.unref();
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const current = { worker, heapMb, nice, ready };
    worker.on('message', (answer: Answer) => {
      if ('ready' in answer) return markReady();
      const run = this.running;
      if (!run || this.current !== current) return;
      this.finish();
      if ('error' in answer) run.job.reject(new Error(answer.error));
      else run.job.resolve({ ok: true, value: answer.value });
    });
    const died = (e: Error & { code?: string }) => {
      if (this.current !== current) return;
      this.current = null;
      const run = this.running;
      this.finish();
      markReady();
      if (!run) return;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') run.job.resolve({ ok: false, reason: 'memory' });
      else run.job.reject(e);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the document worker stopped (exit code ${code})`)));
    return current;
  }

  /** Clears the running task and starts the next one. */
  private finish(): void {
    if (this.running) clearTimeout(this.running.timer);
    this.running = null;
    queueMicrotask(() => void this.next());
  }

  private async next(): Promise<void> {
    if (this.running) return;
    const job = this.queue.shift();
    // An idle worker does not keep the process alive: a CLI command that read one document exits
    // when it is done (it hung after printing its result), while a server lives on its listener.
    if (!job) return void this.current?.worker.unref();
    this.current?.worker.ref();
    const run: { job: Job; timer: NodeJS.Timeout | undefined } = { job, timer: undefined };
    this.running = run;
    const { maxHeapMb, nice } = job.budget;
    if (this.current && (this.current.heapMb !== maxHeapMb || this.current.nice !== nice)) await this.terminate();
    const current = (this.current ??= this.start(maxHeapMb, nice));
    current.worker.ref();
    // The clock starts once the worker has loaded its code, so a cold start is not charged to the document.
    await current.ready;
    if (this.running !== run || this.current !== current) return;
    run.timer = setTimeout(() => {
      if (this.running !== run) return;
      this.running = null;
      job.resolve({ ok: false, reason: 'timeout' });
      void this.terminate().then(() => this.next());
    }, job.budget.maxSeconds * 1000);
    current.worker.postMessage({ task: job.task, input: job.input }, job.transfer);
  }

  private async terminate(): Promise<void> {
    const current = this.current;
    this.current = null;
    await current?.worker.terminate();
  }

  run<T>(
    task: WorkerTaskName,
    input: unknown,
    budget: WorkerBudget,
    transfer: ArrayBuffer[] = [],
  ): Promise<TaskOutcome<T>> {
    return new Promise<TaskOutcome<unknown>>((resolve, reject) => {
      this.queue.push({ task, input, transfer, budget, resolve, reject });
      void this.next();
    }) as Promise<TaskOutcome<T>>;
  }

  /** Stops the worker: the running and queued tasks fail with an error; the next run starts a new worker. */
  async stop(): Promise<void> {
    const stopped = new Error('the document worker stopped before the task finished');
    const run = this.running;
    if (run) clearTimeout(run.timer);
    this.running = null;
    for (const job of this.queue.splice(0)) job.reject(stopped);
    run?.job.reject(stopped);
    await this.terminate();
  }
}

const documentWorker = new DocumentWorker();

/** Runs a task of worker-tasks.ts on the document worker within a budget. */
export const runInDocumentWorker = <T>(
  task: WorkerTaskName,
  input: unknown,
  budget: WorkerBudget,
  transfer?: ArrayBuffer[],
): Promise<TaskOutcome<T>> => documentWorker.run<T>(task, input, budget, transfer);

/** Stops the document worker (server shutdown); a later task starts a new one. */
export const stopDocumentWorker = (): Promise<void> => documentWorker.stop();
