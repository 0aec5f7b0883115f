/**
 * bench/api-paired: the API of an older commit against the current checkout, in one run. Each side is its own
 * server process started from its own tree (bench/lib/api-paired-side.ts, run with that tree's tsx) on its own
 * fresh PostgreSQL database, migrated, demo-seeded and billed by that tree's code. Both get the same targets at
 * fixed rates (default 100, 250, 500 req/s, 10 s each) from the load generator of bench/api (bench/lib/load.ts):
 * GET /invoices/:id (the invoice with the most lines), GET /invoices (the first page) and POST /time-entries (one
 * entry, a fresh Idempotency-Key each). Rows alternate old, new, new, old... (ABBA) so a drift of the machine
 * hits both sides. Prints p50/p99 per side and new/old, and per request the server's CPU time, that of the side's
 * own PostgreSQL backends (from /proc) and the statements sent.
 *   DATABASE_URL=postgres://... npx tsx bench/api-paired.ts [--old REF] (default bc2ad13^, the code before the
 *     capability catalogue) [--old-dir DIR] (an existing checkout of the old code to reuse; it is left in place)
 *     [--keep-old] (keep the worktree made in a temp dir and print it, to pass as --old-dir next time)
 *     [--rates 100,250,500] [--duration 10] [--connections 100] [--only TEXT] (targets whose name contains TEXT)
 *     [--repeat N] (each row measured N times a side, the pairs alternating ABBA; a row prints each side's median
 *     and, for the CPU figures, the range of the N paired ratios: on a shared machine one pair can be 15% off)
 *     [--cpu-prof DIR] (each server writes a V8 CPU profile to DIR/old or DIR/new) [--heap-prof DIR] (the same
 *     with V8's sampling heap profile: where the allocations that keep the garbage collector busy come from)
 *     [--idle S] (after the warm-up, each server's CPU over S seconds with no requests: a cost per second, not per
 *     request, such as a timer or a poll, would show there; the rows' logs also give the request thread's share)
 *     [--node-flags=FLAGS] (extra node/V8 flags for both servers, e.g. --node-flags=--min-semi-space-size=16)
 * A worktree made here gets the current node_modules by symlink when the old lockfile installs nothing the
 * current one does not (same versions and integrity), else `npm ci` (at nice 19). Every row takes --duration
 * seconds and each target is warmed up 2 s per side: all three targets at 10 s are about 3.5 minutes, so run
 * them one --only at a time where a run must stay under 3 minutes.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  load,
  type LoadOpts,
  type LoadResult,
  PER_INSTANCE,
  pgCpu,
  pgDelta,
  RAMP_MS,
  timeEntryBodies,
} from './lib/load.ts';
import { abba, lockCovers, medianOf, ratio, spreadOf, type Side } from './lib/paired.ts';

const { values } = parseArgs({
  options: {
    old: { type: 'string', default: 'bc2ad13^' },
    'old-dir': { type: 'string' },
    'keep-old': { type: 'boolean', default: false },
    rates: { type: 'string', default: '100,250,500' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    only: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
    'heap-prof': { type: 'string' },
    idle: { type: 'string', default: '0' },
    'node-flags': { type: 'string', default: '' },
  },
});
const RATES = values.rates.split(',').map(Number);
const DURATION = Math.max(2, Math.min(Number(values.duration), 60));
const CONNECTIONS = Number(values.connections);
const REPEAT = Math.max(1, Math.min(Number(values.repeat), 20));
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error('bench/api-paired needs DATABASE_URL (PostgreSQL)');
const log = (line: string) => process.stderr.write(`${line}\n`);

const SIDE_SCRIPT = join('bench', 'lib', 'api-paired-side.ts');
const newRoot = fileURLToPath(new URL('..', import.meta.url));
const git = (...args: string[]) => execFileSync('git', ['-C', newRoot, ...args], { encoding: 'utf8' }).trim();

/** The old tree: the given directory, or a worktree of --old in a temp dir (removed at the end unless kept). */
function prepareOld(): { root: string; commit: string; made: boolean } {
  if (values['old-dir']) {
    const root = values['old-dir'];
    if (!existsSync(join(root, 'package.json'))) throw new Error(`--old-dir ${root} holds no package.json`);
    return {
      root,
      commit: execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
      made: false,
    };
  }
  const commit = git('rev-parse', '--verify', `${values.old}^{commit}`);
  const root = join(mkdtempSync(join(tmpdir(), 'api-paired-')), 'old');
  log(`git worktree add --detach ${root} ${commit.slice(0, 9)}`);
  git('worktree', 'add', '--detach', root, commit);
  return { root, commit, made: true };
}

const old = prepareOld();
if (!existsSync(join(old.root, 'node_modules'))) {
  const lock = (root: string) => JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  if (lockCovers(lock(old.root), lock(newRoot))) {
    log(`old lockfile is covered by the current one: ${old.root}/node_modules -> the current node_modules`);
    symlinkSync(realpathSync(join(newRoot, 'node_modules')), join(old.root, 'node_modules'));
  } else {
    log(`npm ci in ${old.root}`);
    execFileSync('nice', ['-n', '19', 'npm', 'ci', '--no-audit', '--no-fund'], { cwd: old.root, stdio: 'inherit' });
  }
}
// The side script comes from this checkout, so both sides run the same harness over their own code.
copyFileSync(join(newRoot, SIDE_SCRIPT), join(old.root, SIDE_SCRIPT));
const roots: Record<Side, string> = { old: old.root, new: newRoot };

const adminUrl = new URL(baseUrl);
adminUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: adminUrl.toString() });
admin.on('error', () => undefined);
await admin.connect();
const dbName = (side: Side) => `bc_bench_paired_${side}_${process.pid}`;
const dbUrl = (side: Side) => {
  const u = new URL(baseUrl);
  u.pathname = `/${dbName(side)}`;
  return u.toString();
};

const running = new Set<ChildProcess>();

/** Forks the side script from its tree with that tree's tsx; resolves with its first IPC message. */
function startSide(side: Side, mode: 'setup' | 'serve'): { child: ChildProcess; first: Promise<unknown> } {
  const serving = mode === 'serve';
  const prof = [
    ...(values['cpu-prof'] && serving ? ['--cpu-prof', `--cpu-prof-dir=${join(values['cpu-prof'], side)}`] : []),
    ...(values['heap-prof'] && serving ? ['--heap-prof', `--heap-prof-dir=${join(values['heap-prof'], side)}`] : []),
  ];
  const child = fork(join(roots[side], SIDE_SCRIPT), [mode], {
    cwd: roots[side],
    execArgv: ['--import', 'tsx', ...prof, ...(serving ? values['node-flags'].split(' ').filter(Boolean) : [])],
    env: {
      DATABASE_POOL_SIZE: String(2 * cpus().length),
      ...process.env,
      BENCH_DATABASE_URL: dbUrl(side),
      LOG_LEVEL: 'silent',
    },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.on('error', (e) => log(`${side} ${mode}: ${e.message}`));
  const first = new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${side} ${mode} exited with ${code}`)));
  });
  return { child, first };
}

/** Ends the side processes, drops both databases and removes a worktree made here; once, also on a signal. */
let cleaning: Promise<void> | null = null;
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const child of running) {
      const exited = new Promise((r) => child.once('exit', r));
      // A server closes its pool on disconnect; a setup still seeding is stopped.
      if (child.connected) child.disconnect();
      else child.kill();
      await exited;
    }
    for (const side of ['old', 'new'] as const)
      await admin.query(`DROP DATABASE IF EXISTS ${dbName(side)} WITH (FORCE)`);
    await admin.end();
    if (old.made && !values['keep-old']) {
      git('worktree', 'remove', '--force', old.root);
      rmSync(dirname(old.root), { recursive: true, force: true });
      log(`removed the worktree ${old.root}`);
    } else if (old.made) log(`kept the old tree: --old-dir ${old.root}`);
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(1));
  });
}

interface Setup {
  key: string;
  invoiceId: string;
  number: string | null;
  lines: number;
}
interface Measured extends LoadResult {
  cpuMs: number;
  pgMs: number;
  queries: number;
  gcMs: number;
  gcs: number;
}
const servers: Partial<Record<Side, ChildProcess>> = {};
try {
  const setups = {} as Record<Side, Setup>;
  const ports = {} as Record<Side, number>;
  for (const side of ['old', 'new'] as const) {
    await admin.query(`CREATE DATABASE ${dbName(side)}`);
    const t0 = performance.now();
    setups[side] = (await startSide(side, 'setup').first) as Setup;
    log(`${side}: migrated, seeded and billed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  for (const side of ['old', 'new'] as const) {
    const s = startSide(side, 'serve');
    servers[side] = s.child;
    ports[side] = ((await s.first) as { port: number }).port;
  }
  const auth = (side: Side) => ({ authorization: `Bearer ${setups[side].key}`, 'content-type': 'application/json' });
  const bodies = { old: timeEntryBodies(), new: timeEntryBodies() };
  const at = (side: Side, path: string) => `http://127.0.0.1:${ports[side]}${path}`;
  const lines = (side: Side) => `${setups[side].lines} lines`;
  const sameLines = setups.old.lines === setups.new.lines;
  const allTargets: { target: string; url: (s: Side) => string; opts: (s: Side) => LoadOpts }[] = [
    {
      target: `GET /invoices/:id (${sameLines ? lines('new') : `old ${lines('old')}, new ${lines('new')}`})`,
      url: (s) => at(s, `/invoices/${setups[s].invoiceId}`),
      opts: (s) => ({ headers: auth(s) }),
    },
    { target: 'GET /invoices (first page)', url: (s) => at(s, '/invoices'), opts: (s) => ({ headers: auth(s) }) },
    {
      target: 'POST /time-entries',
      url: (s) => at(s, '/time-entries'),
      opts: (s) => ({ method: 'POST', bodyFor: bodies[s], headers: auth(s) }),
    },
  ];
  const targets = allTargets.filter((t) => !values.only || t.target.includes(values.only));

  const serverCpu = (side: Side) =>
    new Promise<{ ms: number; queries: number; gcMs: number; gcs: number }>((resolve, reject) => {
      const child = servers[side]!;
      if (!child.connected) return reject(new Error(`the ${side} server is gone`));
      child.once('message', (m) => {
        const {
          cpu: u,
          queries,
          gcMs = 0,
          gcCount = 0,
        } = m as {
          cpu: NodeJS.CpuUsage;
          queries: number;
          gcMs?: number;
          gcCount?: number;
        };
        resolve({ ms: (u.user + u.system) / 1000, queries, gcMs, gcs: gcCount });
      });
      child.send('cpu');
    });
  /** CPU time of the server's request thread (its first, tid = pid) from /proc: the rest is V8's and libuv's threads. */
  const mainThreadMs = (side: Side): number => {
    const pid = servers[side]!.pid!;
    try {
      const st = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ 100
    } catch {
      return Number.NaN; // not Linux
    }
  };
  /** The side's own PostgreSQL backends: other databases on the same server (other tests) stay out. */
  const backends = async (side: Side) =>
    (
      await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName(side)])
    ).rows.map((r) => r.pid);
  const measure = async (side: Side, t: (typeof targets)[number], rate: number): Promise<Measured> => {
    const pids = await backends(side);
    const [before, pgBefore, mainBefore] = [await serverCpu(side), await pgCpu(baseUrl, pids), mainThreadMs(side)];
    const r = await load(t.url(side), rate, DURATION, t.opts(side), CONNECTIONS);
    const [after, pgAfter, mainAfter] = [await serverCpu(side), await pgCpu(baseUrl, pids), mainThreadMs(side)];
    const n = Math.max(1, r.ok + r.other);
    const m = {
      ...r,
      cpuMs: (after.ms - before.ms) / n,
      pgMs: pgDelta(pgBefore, pgAfter) / n,
      queries: (after.queries - before.queries) / n,
      gcMs: (after.gcMs - before.gcMs) / n,
      gcs: ((after.gcs - before.gcs) * 1000) / n,
    };
    // Each row as it ends, so a run stopped early still leaves its figures.
    log(
      `  ${side} ${t.target} @ ${rate}/s: achieved ${m.achieved.toFixed(0)}, p50 ${m.p50.toFixed(2)} ms, ` +
        `p99 ${m.p99.toFixed(2)} ms, non-2xx ${m.other}, server CPU ${m.cpuMs.toFixed(2)} ms/req ` +
        `(request thread ${((mainAfter - mainBefore) / n).toFixed(2)}), ` +
        `PostgreSQL CPU ${m.pgMs.toFixed(2)} ms/req, ${m.queries.toFixed(1)} statements/req, ` +
        `GC ${m.gcMs.toFixed(3)} ms/req (${m.gcs.toFixed(1)} per 1000 requests)`,
    );
    return m;
  };

  const load0 = loadavg();
  // Warm-up at the top rate, 2 s per target and side (JIT, the plan and catalog caches of every pooled connection).
  for (const [i, t] of targets.entries()) {
    for (const side of abba(i)) await load(t.url(side), Math.max(...RATES), 2, t.opts(side), CONNECTIONS);
  }
  const IDLE_S = Number(values.idle);
  if (IDLE_S > 0) {
    // Both servers idle at once, after traffic (a timer a request starts is then running).
    const before = { old: await serverCpu('old'), new: await serverCpu('new') };
    await sleep(IDLE_S * 1000);
    for (const side of ['old', 'new'] as const) {
      const after = await serverCpu(side);
      log(
        `  ${side} idle ${IDLE_S} s: server CPU ${((after.ms - before[side].ms) / IDLE_S).toFixed(2)} ms/s, ` +
          `${after.queries - before[side].queries} statements, ${after.gcs - before[side].gcs} GCs`,
      );
    }
  }
  const rows: {
    target: string;
    rate: number;
    first: Side;
    old: Measured;
    new: Measured;
    spread: { cpu: string; pg: string };
  }[] = [];
  let pair = 0;
  for (const rate of RATES) {
    for (const t of targets) {
      const first = abba(pair)[0];
      const runs: Record<Side, Measured>[] = [];
      for (let k = 0; k < REPEAT; k++) {
        const got = {} as Record<Side, Measured>;
        for (const side of abba(pair++)) got[side] = await measure(side, t, rate);
        runs.push(got);
      }
      rows.push({
        target: t.target,
        rate,
        first,
        old: medianOf(runs.map((r) => r.old)),
        new: medianOf(runs.map((r) => r.new)),
        spread: {
          cpu: spreadOf(runs.map((r) => r.new.cpuMs / r.old.cpuMs)),
          pg: spreadOf(runs.map((r) => r.new.pgMs / r.old.pgMs)),
        },
      });
    }
  }

  const averages = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' + uncommitted changes' : '';
  console.log(
    `\nbench/api-paired on PostgreSQL: old = ${old.commit.slice(0, 9)} (${values['old-dir'] ?? values.old}), ` +
      `new = ${git('rev-parse', '--short=9', 'HEAD')}${dirty}; ${cpus().length} cores, load average ` +
      `${averages(load0)} at the start, ${averages(loadavg())} at the end; ${DURATION} s per row` +
      (REPEAT > 1 ? `, each row ${REPEAT} pairs: medians, CPU ratios as median [range of the pairs]` : '') +
      ` (latencies from the ` +
      `last ${DURATION - RAMP_MS / 1000} s), rate/${PER_INSTANCE} staggered single-connection autocannon instances, ` +
      'loopback; ms',
  );
  console.log(
    [
      'target'.padEnd(34),
      'rate',
      'first',
      'achieved old/new',
      'p50 old',
      'p50 new',
      'p50 new/old',
      'p99 old',
      'p99 new',
      'p99 new/old',
      'non-2xx old/new',
      'server CPU ms/req old/new',
      'PostgreSQL CPU ms/req old/new',
      'SQL statements/req old/new',
      'GC ms/req old/new',
    ].join('\t'),
  );
  for (const r of rows) {
    const pairOf = (f: (m: Measured) => number, digits: number) =>
      `${f(r.old).toFixed(digits)}/${f(r.new).toFixed(digits)}`;
    console.log(
      [
        r.target.padEnd(34),
        r.rate,
        r.first,
        pairOf((m) => m.achieved, 0),
        r.old.p50.toFixed(2),
        r.new.p50.toFixed(2),
        ratio(r.new.p50, r.old.p50),
        r.old.p99.toFixed(2),
        r.new.p99.toFixed(2),
        ratio(r.new.p99, r.old.p99),
        pairOf((m) => m.other, 0),
        `${pairOf((m) => m.cpuMs, 2)} (${ratio(r.new.cpuMs, r.old.cpuMs)}${r.spread.cpu})`,
        `${pairOf((m) => m.pgMs, 2)} (${ratio(r.new.pgMs, r.old.pgMs)}${r.spread.pg})`,
        pairOf((m) => m.queries, 1),
        `${pairOf((m) => m.gcMs, 3)} (${ratio(r.new.gcMs, r.old.gcMs)})`,
      ].join('\t'),
    );
  }
} finally {
  await cleanUp();
}
