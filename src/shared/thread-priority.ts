import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling thread's CPU priority to `nice` (0-19) and returns the nice value it then runs
 * at. Called first thing inside a worker thread that does long work, so the thread answering
 * requests wins the CPU.
 *
 * Linux keeps a nice value per thread: `setpriority(PRIO_PROCESS, 0, n)`, which `os.setPriority(0, n)`
 * calls, changes the calling thread only (the other threads of the process keep theirs; a thread it
 * starts later inherits it). Elsewhere the same call changes the whole process, so it is made on
 * Linux only. It never raises the priority: a thread already at `nice` or lower (the server run
 * under `nice`) stays where it is. Not permitted (a container without the right): it stays too.
 */
export function lowerThreadPriority(nice: number, platform: NodeJS.Platform = process.platform): number {
  const now = getPriority(0);
  if (platform !== 'linux' || nice <= now) return now;
  try {
    setPriority(0, nice);
  } catch {
    // not permitted here: the thread keeps its priority
  }
  return getPriority(0);
}
