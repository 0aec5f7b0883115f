import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** PGlite running in a worker thread, listening on a Unix socket; see pglite-worker.mjs. */
export interface EmbeddedServer {
  /** The directory holding `.s.PGSQL.5432`: pg's `host` for a Unix socket. */
  socketDir: string;
  /** Called once if the engine fails for good (the process should stop: nothing it answers holds). */
  onFatal(fn: (message: string) => void): void;
  /** Called for each statement (or transaction step) that held the engine at least `slowUnitMs`. */
  onSlowStatement(fn: (ms: number, statement: string) => void): void;
  /** Closes the socket and the database (PGlite writes a checkpoint), then ends the worker. */
  stop(): Promise<void>;
}

/** pg connects to `${host}/.s.PGSQL.${port}`; a socket path may not exceed ~107 bytes. */
const SOCKET_NAME = '.s.PGSQL.5432';

/** Where a data folder's socket goes: inside it when the path is short enough, else in the temp folder. */
function socketDirFor(dataDir: string): string {
  const abs = path.resolve(dataDir);
  if (path.join(abs, SOCKET_NAME).length <= 100) return abs;
  return path.join(tmpdir(), `billing-copilot-${createHash('sha256').update(abs).digest('hex').slice(0, 16)}`);
}

/** Opens the data folder in a worker thread and serves it on its socket; resolves once it listens. */
export async function startEmbeddedServer(
  dataDir: string,
  opts: { slowUnitMs?: number; analyzeAfterWrites?: number; analyzeQuietMs?: number } = {},
): Promise<EmbeddedServer> {
  const socketDir = socketDirFor(dataDir);
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: {
      dataDir: path.resolve(dataDir),
      socketPath: path.join(socketDir, SOCKET_NAME),
      slowUnitMs: opts.slowUnitMs ?? 200,
      // Statistics upkeep (see pglite-worker.mjs): after this many writes, once writes pause this long.
      ...(opts.analyzeAfterWrites !== undefined ? { analyzeAfterWrites: opts.analyzeAfterWrites } : {}),
      ...(opts.analyzeQuietMs !== undefined ? { analyzeQuietMs: opts.analyzeQuietMs } : {}),
    },
  });
  let fatal: ((message: string) => void) | null = null;
  let closed: (() => void) | null = null;
  let slow: ((ms: number, statement: string) => void) | null = null;
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`The embedded database stopped while opening ${dataDir} (exit ${code})`)),
    );
    worker.on('message', (msg: { type: string; message?: string; ms?: number; statement?: string }) => {
      if (msg.type === 'ready') resolve();
      else if (msg.type === 'slow') slow?.(msg.ms ?? 0, msg.statement ?? '');
      else if (msg.type === 'fatal') fatal?.(msg.message ?? 'unknown failure');
      else if (msg.type === 'closed') closed?.();
    });
  });
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.on('error', (e) => fatal?.(e.message));
  return {
    socketDir,
    onFatal: (fn) => void (fatal = fn),
    onSlowStatement: (fn) => void (slow = fn),
    async stop() {
      const done = new Promise<void>((resolve) => {
        closed = resolve;
        worker.once('exit', () => resolve());
      });
      worker.postMessage({ type: 'close' });
      await done;
      await worker.terminate();
    },
  };
}
