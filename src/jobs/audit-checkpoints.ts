import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  checkpointLine,
  readCheckpoints,
  type BadCheckpointLine,
  type Checkpoint,
  type ReadCheckpoint,
} from '../billing/audit/checkpoint.ts';
import type { Db } from '../db/client.ts';
import { takeCheckpoint } from '../db/stores/audit-checkpoint-store.ts';

/** At least daily: the longest interval between two checkpoints the job allows. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Appends one checkpoint line to the file and fsyncs it before returning: the file is opened for
 * appending only (O_APPEND; created 0600), so a writer never rewrites what is there. Keep it
 * outside the data folder, on storage the database's owner cannot rewrite (another host, a WORM
 * bucket synced from it, or `chattr +a`).
 */
export async function appendCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${checkpointLine(checkpoint)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The checkpoints of a file, signature-checked with the key; null when the file does not exist. */
export async function readCheckpointFile(
  file: string,
  key: string,
): Promise<{ checkpoints: ReadCheckpoint[]; bad: BadCheckpointLine[] } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return readCheckpoints(text, key);
}

/** True when `file` lies inside `dir` (a checkpoint there could be rewritten with the database). */
export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface AuditCheckpointJob {
  db: Db;
  /** The append-only checkpoint file (AUDIT_CHECKPOINT_FILE). */
  file: string;
  /** AUDIT_CHECKPOINT_KEY; never logged. */
  key: string;
  /** Time between checkpoints; at most a day (default a day). */
  intervalMs?: number;
  log?: (msg: string, meta?: Record<string, unknown>) => void;
  now?: () => Date;
}

/**
 * Writes a checkpoint of the audit chain's head now and then every intervalMs (at most a day),
 * for a server to call once at boot; returns a stop function that waits for a checkpoint being
 * written. A failed checkpoint is logged and tried again at the next tick; the server goes on.
 */
export function startAuditCheckpoints(job: AuditCheckpointJob): () => Promise<void> {
  const every = Math.min(job.intervalMs ?? DAY_MS, DAY_MS);
  const now = job.now ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = running.then(async () => {
      try {
        const cp = await takeCheckpoint(job.db, job.key, now());
        await appendCheckpoint(job.file, cp);
        job.log?.('audit checkpoint written', { seq: cp.seq, file: job.file });
      } catch (e) {
        job.log?.('audit checkpoint failed', { file: job.file, error: e instanceof Error ? e.message : String(e) });
      }
    });
  };
  tick();
  const timer = setInterval(tick, every);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
