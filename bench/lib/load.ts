/**
 * The load generator of bench/api and bench/api-paired: a fixed request rate spread over staggered
 * single-connection autocannon instances, latencies per response (hrtime), and the CPU time of local
 * PostgreSQL processes from /proc.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { isLocalServer } from '../../src/db/backend-nice.ts';

/** bodyFor: a new body per request (the time-entry import's: a person's day holds at most 24 hours). */
export type LoadOpts = {
  method?: 'GET' | 'POST';
  body?: string;
  bodyFor?: () => string;
  headers: Record<string, string>;
};

export interface LoadResult {
  achieved: number;
  p50: number;
  p99: number;
  p99co: number;
  ok: number;
  other: number;
}

/** Percentile (nearest rank) of sorted values; NaN for none. */
export const pct = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * autocannon paces a rate per second and per connection: each connection sends its quota back to
 * back when the second starts, so one instance at 500 req/s over 32 connections is a burst of 32
 * every second, not a rate. To offer an even rate, the load is split over rate/PER_INSTANCE
 * single-connection instances whose seconds start staggered across the second.
 */
export const PER_INSTANCE = 5;
/** Latencies are taken from requests sent after the first second of each row (the ramp-up). */
export const RAMP_MS = 1000;

function instance(
  url: string,
  rate: number,
  seconds: number,
  opts: LoadOpts,
  onResponse: (status: number, ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url,
        method: opts.method ?? 'GET',
        body: opts.body,
        headers: opts.headers,
        connections: 1,
        connectionRate: rate,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              ...(opts.bodyFor ? { body: opts.bodyFor() } : {}),
              headers: { ...req.headers, 'idempotency-key': randomUUID() },
            }),
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(status, ms));
  });
}

/** Offers `rate` requests a second for `seconds` over at most `connections` instances. */
export async function load(
  url: string,
  rate: number,
  seconds: number,
  opts: LoadOpts,
  connections: number,
): Promise<LoadResult> {
  const times: number[] = [];
  let other = 0;
  const n = Math.max(1, Math.min(Math.round(rate / PER_INSTANCE), connections));
  const each = Math.round(rate / n);
  const runs: Promise<autocannon.Result>[] = [];
  // The first second ramps the instances up (and the server's pool and JIT with them): latencies
  // are taken from requests sent after it.
  const measureFrom = performance.now() + RAMP_MS;
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 1000 / n));
    runs.push(
      instance(url, each, seconds, opts, (status, ms) => {
        if (status < 200 || status >= 300) other += 1;
        else if (performance.now() - ms >= measureFrom) times.push(ms);
      }),
    );
  }
  const results = await Promise.all(runs);
  times.sort((a, b) => a - b);
  const total = results.reduce((a, r) => a + r.requests.total, 0);
  return {
    achieved: total / seconds,
    p50: pct(times, 50),
    p99: pct(times, 99),
    p99co: Math.max(...results.map((r) => r.latency.p99)),
    ok: total - other,
    other: other + results.reduce((a, r) => a + r.errors + r.timeouts, 0),
  };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * CPU time (ms) of local PostgreSQL processes by pid, from /proc: all of them, or only `pids` (the
 * backends of one database). Empty where /proc is not there or the database is on another machine.
 */
export async function pgCpu(databaseUrl: string, pids?: readonly number[]): Promise<Map<string, number>> {
  const byPid = new Map<string, number>();
  if (!isLocalServer(databaseUrl)) return byPid;
  try {
    const all = pids ? pids.map(String) : (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
    for (const pid of all) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(0, close).includes('(postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS); // utime + stime
    }
  } catch {
    // no /proc: the column reads NaN
  }
  return byPid;
}

/**
 * CPU the PostgreSQL processes used between two readings (a process that ended meanwhile is lost; one that
 * started counts whole).
 */
export const pgDelta = (before: Map<string, number>, after: Map<string, number>) =>
  after.size ? [...after].reduce((a, [pid, ms]) => a + ms - (before.get(pid) ?? 0), 0) : NaN;

/**
 * Bodies for POST /time-entries, one entry each, spread over 20 people and 28 days at 0.01 h: a person's day
 * holds at most 24 hours (DAILY_HOURS_EXCEEDED).
 */
export function timeEntryBodies(): () => string {
  let sent = 0;
  return () => {
    const n = sent++;
    return JSON.stringify([
      {
        person: `P${String(1 + (n % 20)).padStart(3, '0')}`,
        project: 'SOW-ACME-01-P1',
        date: `2026-11-${String(1 + (Math.floor(n / 20) % 28)).padStart(2, '0')}`,
        hours: '0.01',
        description: 'bench',
      },
    ]);
  };
}
