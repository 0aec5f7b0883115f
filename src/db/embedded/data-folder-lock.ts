import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** Who holds an embedded data folder: written into its lock file. */
export interface FolderHolder {
  pid: number;
  /** `server`: the HTTP server, which serves the folder to other processes through `socketDir`. */
  role: 'server' | 'cli';
  /** The command line, for the sentence another process prints. */
  command: string;
  startedAt: string;
  host: string;
  /** Linux only: boot id and the process's start tick, so a reused pid is not taken for the holder. */
  bootId?: string;
  startTicks?: string;
  /** Where a server's PostgreSQL socket listens (a directory holding `.s.PGSQL.5432`). */
  socketDir?: string;
}

/** A held lock: release it on exit (a SIGKILL leaves it behind; the next opener finds its pid dead). */
export interface FolderLock {
  holder: FolderHolder;
  /** Rewrites the lock file with more about the holder (e.g. the socket once it listens). */
  update(more: Partial<FolderHolder>): Promise<void>;
  release(): Promise<void>;
}

/** The data folder is open in another live process. */
export class DataFolderBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: FolderHolder,
  ) {
    super(busySentence(dataDir, holder));
    this.name = 'DataFolderBusyError';
  }
}

export const LOCK_FILE = 'billing-copilot.lock';

/**
 * Takes the lock of an embedded data folder, or throws DataFolderBusyError naming the live holder.
 * PGlite is one PostgreSQL backend in one process: two processes on one folder each believe they
 * own it, and the second's writes (or the first's) are lost or the files corrupted. A lock left by
 * a process that died (SIGKILL, power loss) is taken over: its pid is not running (or, on Linux,
 * runs a different process since another boot or start time). Taking over happens under a short
 * mutex (an exclusive mkdir), so two openers that both found a dead holder cannot both win.
 */
export async function lockDataFolder(
  dataDir: string,
  role: FolderHolder['role'],
  command: string,
): Promise<FolderLock> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const holder: FolderHolder = {
    pid: process.pid,
    role,
    command,
    startedAt: new Date().toISOString(),
    host: hostname(),
    ...processIdentity(process.pid),
  };
  await withMutex(`${file}.taking`, async () => {
    const current = await readHolder(file);
    if (current && isAlive(current)) throw new DataFolderBusyError(dataDir, current);
    await writeAtomically(file, holder);
  });
  const releaseSync = () => {
    try {
      if (readHolderSync(file)?.pid === process.pid) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', releaseSync);
  return {
    holder,
    async update(more) {
      Object.assign(holder, more);
      await writeAtomically(file, holder);
    },
    async release() {
      process.off('exit', releaseSync);
      releaseSync();
    },
  };
}

/** The live process holding a data folder, if any (a stale lock counts as none). */
export async function liveHolder(dataDir: string): Promise<FolderHolder | null> {
  const current = await readHolder(path.join(dataDir, LOCK_FILE));
  return current && isAlive(current) ? current : null;
}

/** What a second process says when the folder is taken. */
function busySentence(dataDir: string, holder: FolderHolder): string {
  const who = holder.role === 'server' ? 'the Billing Copilot server' : `\`billing-copilot ${holder.command}\``;
  const advice =
    holder.role === 'server'
      ? 'Stop the server first, or use its API.'
      : 'Wait for it to finish (commands run one at a time on an embedded data folder), or start the server (`npm start`) and run commands beside it.';
  return `The data folder ${dataDir} is in use by ${who} (pid ${holder.pid}, since ${holder.startedAt}). ${advice}`;
}

async function readHolder(file: string): Promise<FolderHolder | null> {
  try {
    return parseHolder(await readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function readHolderSync(file: string): FolderHolder | null {
  try {
    return parseHolder(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** A lock file that cannot be read (cut short by a crash mid-write) is a dead holder's. */
function parseHolder(text: string): FolderHolder | null {
  try {
    const h = JSON.parse(text) as FolderHolder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null;
  }
}

/** Whether the holder still runs: same host, its pid exists and (on Linux) is the same process. */
function isAlive(h: FolderHolder): boolean {
  if (h.host !== hostname()) return true; // a folder shared over a network: never take it from another machine
  if (h.pid === process.pid) return true;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = processIdentity(h.pid);
  if (h.bootId && now.bootId && h.bootId !== now.bootId) return false;
  if (h.startTicks && now.startTicks && h.startTicks !== now.startTicks) return false;
  return true;
}

/** Linux: the boot id and a process's start time in clock ticks (field 22 of /proc/PID/stat). */
function processIdentity(pid: number): { bootId?: string; startTicks?: string } {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const statText = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
    return { bootId, startTicks: fields[19] };
  } catch {
    return {};
  }
}

async function writeAtomically(file: string, holder: FolderHolder): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * Runs fn while holding a directory used as a mutex. A mutex older than 10 s belongs to an opener
 * that died between mkdir and rmdir (taking the lock takes milliseconds) and is removed.
 */
async function withMutex<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(dir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(dir).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 10_000) await rm(dir, { recursive: true, force: true });
      else if (attempt > 500) throw new Error(`Could not take the lock of ${path.dirname(dir)}: ${dir} stays in place`);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}
