import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time by thread and nice value, from /proc (Linux; elsewhere empty): which of the server's
 * threads (the one answering requests is the process's first, its tid the pid) and which of the
 * PostgreSQL backends serving its database used the CPU during a phase, at which priority.
 */
interface Sample {
  /** tid (server threads) or pid (postgres processes) -> [cpu ms, nice]. */
  server: Map<number, [number, number]>;
  postgres: Map<number, [number, number]>;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime (ms) and nice of a /proc stat file, or null once it is gone. */
function stat(file: string): { comm: string; ms: number; nice: number } | null {
  try {
    const s = readFileSync(file, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return {
      comm: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')),
      ms: (Number(f[11]) + Number(f[12])) * TICK_MS,
      nice: Number(f[16]),
    };
  } catch {
    return null;
  }
}

const list = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** The server's threads, and the PostgreSQL backends connected to `database` (their command line names it). */
export function sampleCpu(serverPid: number, database: string | null): Sample {
  const server = new Map<number, [number, number]>();
  for (const tid of list(`/proc/${serverPid}/task`)) {
    const s = stat(`/proc/${serverPid}/task/${tid}/stat`);
    if (s) server.set(Number(tid), [s.ms, s.nice]);
  }
  const postgres = new Map<number, [number, number]>();
  for (const pid of list('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const s = stat(`/proc/${pid}/stat`);
    if (!database || s?.comm !== 'postgres') continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(` ${database} `)) postgres.set(Number(pid), [s.ms, s.nice]);
  }
  return { server, postgres };
}

/** How many ids after the process's the thread's is (ids wrap at pid_max). */
function after(pid: number, tid: number): number {
  const max = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  return (((tid - pid) % max) + max) % max;
}

/** "main 1230 ms, nice 0: 40, nice 10: 2010 | postgres nice 0: 500, nice 10: 1200" between two samples. */
export function cpuBetween(serverPid: number, a: Sample, b: Sample): string {
  const byNice = (from: Map<number, [number, number]>, to: Map<number, [number, number]>, skip?: number) => {
    const sums = new Map<number, number>();
    for (const [id, [ms, nice]] of to) {
      if (id === skip) continue;
      const d = ms - (from.get(id)?.[0] ?? 0);
      if (d > 0) sums.set(nice, (sums.get(nice) ?? 0) + d);
    }
    return [...sums].sort((x, y) => x[0] - y[0]).map(([nice, ms]) => `nice ${nice}: ${ms}`);
  };
  const main = (b.server.get(serverPid)?.[0] ?? 0) - (a.server.get(serverPid)?.[0] ?? 0);
  const others = byNice(a.server, b.server, serverPid);
  const pg = byNice(a.postgres, b.postgres);
  // The busiest threads, by order of creation (tid - pid: 0 the request thread, then V8's and libuv's, then workers).
  const busiest = [...b.server]
    .map(([tid, [ms, nice]]) => ({ at: after(serverPid, tid), nice, ms: ms - (a.server.get(tid)?.[0] ?? 0) }))
    .filter((t) => t.ms > 0)
    .sort((x, y) => y.ms - x.ms)
    .slice(0, 6)
    .map((t) => `+${t.at} n${t.nice} ${t.ms}`);
  return `request thread ${main} ms; other server threads ${others.join(', ') || '-'}; its postgres backends ${pg.join(', ') || '-'} (busiest threads: ${busiest.join(', ')})`;
}
