import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

/** Where a command writes; tests pass buffers. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True when stderr is a terminal: progress redraws one line instead of printing many. */
  isTty: boolean;
  /** Standard input, for commands that read it (triage); tests pass an iterable of chunks. */
  stdin?: AsyncIterable<string | Uint8Array>;
}

export interface CliContext {
  io: CliIo;
  config: Config;
  /** Opens (and migrates) the database on first use; commands that need none never open it. */
  database: () => Promise<Database>;
  now: () => Date;
}

/** Exit codes: 0 ok, 1 the work found problems (e.g. bad rows), 2 usage error, 3 not found. */
export const EXIT = { OK: 0, PROBLEMS: 1, USAGE: 2, NOT_FOUND: 3, BUSY: 6 } as const;

/** A progress reporter that overwrites one line on a terminal and prints every ~10% otherwise. */
export function progress(io: CliIo, label: string) {
  let lastPct = -10;
  return (done: number, total: number, extra = '') => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    const line = `${label}: ${done}/${total} (${pct}%)${extra ? ` ${extra}` : ''}`;
    if (io.isTty) io.stderr(`\r${line}${done >= total ? '\n' : ''}`);
    else if (pct - lastPct >= 10 || done >= total) {
      lastPct = pct;
      io.stderr(`${line}\n`);
    }
  };
}
