/**
 * bench/responsiveness: does the server keep answering while long work runs? Starts the real
 * server (src/main.ts, as `npm start` does) on a firm with N approved time entries, samples
 * GET /health, GET /invoices/:id and GET /openapi.json (which reads no database, so it tells a
 * stalled event loop from a wait for the database) at a fixed rate while the server is idle (the baseline, measured
 * in the same run), then while a billing run over all entries runs through the API, then while a
 * large statement of work is uploaded and extracted; prints p50/p99/max of each and the ratio to
 * idle. Embedded PGlite always; PostgreSQL too when DATABASE_URL is set. Usage:
 *   [DATABASE_URL=postgres://...] npx tsx bench/responsiveness.ts [--entries 60000] [--rate 50] [--runs 3] [--skip-pglite] [--cpu-prof DIR] [--server-log DIR] [--keep-database] [--worker-nice 10,0,0,10]
 * --worker-nice: one server per value, in order, on the same data (BILLING_WORKER_NICE; 0 is off), to compare in one window.
 * Each phase also prints the CPU time of the server's threads and of PostgreSQL's processes by nice value (Linux).
 * Goals (issue 10): p99 under 100 ms on the embedded database, under 25 ms on PostgreSQL.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import { migrateDatabase, openDatabase, type Database } from '../src/db/client.ts';
import { addUser } from '../test/helpers/users.ts';
import { loadConfig } from '../src/config.ts';
import { TIME_COLUMNS } from './lib/firm-sql.ts';
import { loadFirm } from './lib/firm-load.ts';
import { startServer, type ServerProcess } from '../test/durability/server-process.ts';
import { cpuBetween, sampleCpu } from './lib/thread-cpu.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '60000' },
    rate: { type: 'string', default: '50' },
    'skip-pglite': { type: 'boolean' },
    'cpu-prof': { type: 'string' },
    'server-log': { type: 'string' },
    'keep-database': { type: 'boolean' },
    runs: { type: 'string', default: '3' },
    'worker-nice': { type: 'string' },
  },
});
const ENTRIES = Number(values.entries);
/** Each phase sends for this long before it records (new connections, code run cold; see the sampler). */
const WARMUP_MS = 1_000;
/**
 * Billing runs back to back in the run phase (each after the first re-drafts every invoice): one
 * run of 60,000 entries lasts 2-5 s, so about 120 samples per route, where p99 is the second
 * worst; three give the figure some footing.
 */
const RUNS = Number(values.runs);
const RATE = Number(values.rate);
const CONTRACTS = Math.max(10, Math.round(ENTRIES / 500));
const PEOPLE = Math.max(50, Math.round(ENTRIES / 100));

/** Loads the firm and its entries, and adds a controller; returns the controller's key. */
async function prepare(database: Database, copy: (csv: Iterable<string>) => Promise<void>): Promise<string> {
  await migrateDatabase(database);
  await loadFirm(database, { contracts: CONTRACTS, people: PEOPLE, entries: ENTRIES }, copy);
  const added = await addUser(
    database.db,
    { email: 'bench@example.com', name: 'Bench', roles: ['controller', 'finance_admin'], entities: null },
    { actorId: 'bench', correlationId: 'bench', now: new Date() },
  );
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  return added.value.key;
}

interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

/**
 * Samples the routes at RATE requests per second each while work() runs (or for ms when work is a
 * number), from a load generator in a process of its own (bench/lib/latency-sampler.mjs): this
 * process seeded the data and holds it, and its pauses would be counted as the server's.
 */
async function during(
  server: ServerProcess,
  /** The PostgreSQL database the server uses (its backends' CPU is counted), or null. */
  database: string | null,
  key: string,
  invoiceId: string,
  work: (() => Promise<unknown>) | number,
) {
  const base = server.url;
  const pid = server.child.pid!;
  const sample = () => sampleCpu(pid, database);
  const routes = ['/health', `/invoices/${invoiceId}`, '/openapi.json'];
  const child = fork(fileURLToPath(new URL('./lib/latency-sampler.mjs', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = (type: string) =>
    new Promise<{ stats?: Record<string, Stats> }>((resolve, reject) => {
      child.on('message', (m: { type: string; stats?: Record<string, Stats> }) => {
        if (m.type === type) resolve(m);
      });
      child.once('exit', (code) => reject(new Error(`the latency sampler exited (${code})`)));
    });
  const started = reply('started');
  child.send({ type: 'start', base, key, routes, rate: RATE, warmupMs: WARMUP_MS });
  await started;
  const t0 = performance.now();
  const cpu0 = sample();
  let cpu = '';
  let sampled: Stats[] = [];
  let result: unknown;
  try {
    if (typeof work === 'number') await new Promise((r) => setTimeout(r, work));
    else result = await work();
  } finally {
    cpu = cpuBetween(pid, cpu0, sample());
    // Stopped whatever happened: a sampler left running kept the machine busy.
    const stats = reply('stats');
    child.send({ type: 'stop' });
    const { stats: byRoute } = await stats;
    sampled = routes.map((r) => byRoute![r]!);
  }
  const seconds = (performance.now() - t0) / 1000;
  const [health, invoice, noDb] = sampled;
  return { seconds, result, health: health!, invoice: invoice!, noDb: noDb!, cpu };
}

async function post(base: string, key: string, route: string, body: unknown) {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`POST ${route} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** A long but ordinary statement of work as text: many numbered clauses and a rate table. */
function bigSow(kib: number): string {
  const lines = [
    'STATEMENT OF WORK',
    'Client: Bench Client Inc.',
    'Effective Date: 2026-10-01',
    'Rates',
    'Role\tRate',
    'Partner\t$420.00 per hour',
    'Consultant\t$180.00 per hour',
  ];
  // Counted as it grows: joining all lines per added line (as this did) took tens of seconds for
  // 1.5 MB and held this process, which then stopped reading the server's log pipe mid-phase.
  let length = lines.join('\n').length;
  for (let i = 1; length < kib * 1024; i++) {
    const line = `${i}. The Consultant shall deliver work package ${i} as described in schedule ${i % 17}, invoiced monthly in arrears, payable net 30 days.`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

/** One server per --worker-nice value (BILLING_WORKER_NICE), in the order given; one at its default without. */
async function measureServers(label: string, env: Record<string, string>, key: string, goalMs: number) {
  const nices = values['worker-nice']?.split(',') ?? [null];
  for (const nice of nices) {
    if (nice === null) await measureServer(label, env, key, goalMs);
    else
      await measureServer(`${label}, BILLING_WORKER_NICE=${nice}`, { ...env, BILLING_WORKER_NICE: nice }, key, goalMs);
  }
}

async function measureServer(label: string, env: Record<string, string>, key: string, goalMs: number): Promise<void> {
  // --cpu-prof DIR: the server writes a V8 CPU profile there when it stops (bench/lib/profile-summary.ts reads it).
  const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`] : [];
  const server: ServerProcess = await startServer(env, { timeoutMs: 300_000, nodeArgs });
  try {
    const base = server.url;
    const pgName = env.DATABASE_URL ? new URL(env.DATABASE_URL).pathname.slice(1) : null;
    process.stderr.write(`${label}: first billing run (warm-up, gives an invoice to read)...\n`);
    await post(base, key, '/billing-runs', { period: '2026-10' });
    const list = (await (
      await fetch(`${base}/invoices?period=2026-10&limit=1`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { items: { id: string }[] };
    const invoiceId = list.items[0]!.id;
    // The embedded server logs each statement that held its one engine >= 50 ms: which ones, per phase.
    let seen = server.output().length;
    const slowSince = () => {
      const lines = server
        .output()
        .slice(seen)
        .split('\n')
        .filter((l) => l.includes('embedded statement held the database'));
      seen = server.output().length;
      return lines.map((l) => JSON.parse(l) as { ms: number; statement: string });
    };
    process.stderr.write(`${label}: idle...\n`);
    const idle = await during(server, pgName, key, invoiceId, 10_000);
    const slowIdle = slowSince();
    process.stderr.write(`${label}: during a billing run...\n`);
    const run = await during(server, pgName, key, invoiceId, async () => {
      for (let i = 0; i < RUNS; i++) await post(base, key, '/billing-runs', { period: '2026-10' });
    });
    const slowRun = slowSince();
    process.stderr.write(`${label}: during a document upload and extraction...\n`);
    // Its own reference per server: the same bytes again are the same document (answered at once, nothing to process).
    const sow = bigSow(1536).replace('STATEMENT OF WORK', `STATEMENT OF WORK SOW-${Date.now()}`);
    const doc = await during(server, pgName, key, invoiceId, async () => {
      const form = new FormData();
      form.append('file', new Blob([sow], { type: 'text/plain' }), 'bench-sow.txt');
      // Sent over a connection of its own with a Content-Length: fetch reused a kept-alive
      // connection the server had closed and failed with EPIPE (undici does not retry a POST).
      const encoded = new Response(form);
      const body = Buffer.from(await encoded.arrayBuffer());
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          `${base}/documents`,
          {
            method: 'POST',
            agent: false,
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': encoded.headers.get('content-type')!,
              'content-length': body.length,
            },
          },
          (res) => {
            let t = '';
            res
              .setEncoding('utf8')
              .on('data', (d: string) => (t += d))
              .on('end', () => resolve({ status: res.statusCode ?? 0, text: t }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      const up = JSON.parse(text) as { id?: string; document?: { id?: string } };
      if (status >= 300) throw new Error(`POST /documents answered ${status}: ${text}`);
      const id = String(up.document?.id ?? up.id);
      // Until it is processed (or 5 minutes): the phase covers the upload and the extraction.
      for (const until = performance.now() + 300_000; performance.now() < until; ) {
        const d = (await (
          await fetch(`${base}/documents/${id}`, { headers: { authorization: `Bearer ${key}` } })
        ).json()) as { status?: string };
        if (d.status && !['processing', 'queued'].includes(d.status)) return d.status;
        await new Promise((r) => setTimeout(r, 100));
      }
      return 'still processing after 5 minutes';
    }).catch((e: Error) => ({
      error: `${e.message}${e.cause ? ` (${String((e.cause as Error).message ?? e.cause)})` : ''}`,
    }));
    const slowDoc = slowSince();
    const row = (name: string, s: Stats, base?: Stats) =>
      `  ${name.padEnd(34)} ${String(s.n).padStart(5)}  ${s.p50.toFixed(1).padStart(7)}  ${s.p99.toFixed(1).padStart(7)}  ${s.max.toFixed(1).padStart(7)}  ${String(s.errors).padStart(6)}${base ? `  ${(s.p99 / base.p99).toFixed(1).padStart(6)}x${s.p99 <= goalMs ? '  met' : '  NOT met'}` : ''}`;
    console.log(
      `\n${label}, load average ${loadavg()[0]!.toFixed(2)} at the end: ${ENTRIES.toLocaleString('en-US')} entries, ${CONTRACTS} contracts, ${RATE} req/s per route (goal p99 < ${goalMs} ms under load)`,
    );
    console.log(
      `  ${'phase / route'.padEnd(34)} ${'n'.padStart(5)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'max ms'.padStart(7)}  ${'errors'.padStart(6)}  p99 vs idle`,
    );
    console.log(row('idle (baseline): GET /health', idle.health));
    console.log(row('idle (baseline): GET /invoices/:id', idle.invoice));
    console.log(row('idle: /openapi.json (no database)', idle.noDb));
    console.log(`    CPU: ${idle.cpu}`);
    console.log(row(`${RUNS} billing runs (${run.seconds.toFixed(1)} s): /health`, run.health, idle.health));
    console.log(row(`billing run: GET /invoices/:id`, run.invoice, idle.invoice));
    console.log(row('billing run: /openapi.json (no database)', run.noDb, idle.noDb));
    console.log(`    CPU: ${run.cpu}`);
    if ('error' in doc) console.log(`  document upload: ${doc.error}`);
    else {
      console.log(
        row(`1.5 MB SOW upload (${doc.seconds.toFixed(1)} s, ${doc.result}): /health`, doc.health, idle.health),
      );
      console.log(row('1.5 MB SOW upload: GET /invoices/:id', doc.invoice, idle.invoice));
      console.log(row('1.5 MB SOW upload: /openapi.json', doc.noDb, idle.noDb));
      console.log(`    CPU: ${doc.cpu}`);
    }
    for (const [phase, slow] of [
      ['idle', slowIdle],
      ['billing run', slowRun],
      ['SOW upload', slowDoc],
    ] as const) {
      if (slow.length === 0) continue;
      const byStatement = new Map<string, { n: number; total: number; max: number }>();
      for (const { ms, statement } of slow) {
        const k = statement.slice(0, 90);
        const e = byStatement.get(k) ?? { n: 0, total: 0, max: 0 };
        byStatement.set(k, { n: e.n + 1, total: e.total + ms, max: Math.max(e.max, ms) });
      }
      console.log(
        `  embedded statements that held the engine >= 50 ms during ${phase}: ${slow.length}, ${slow.reduce((a, b) => a + b.ms, 0)} ms in all`,
      );
      for (const [k, e] of [...byStatement].sort((a, b) => b[1].total - a[1].total).slice(0, 6)) {
        console.log(
          `    ${String(e.n).padStart(4)} x, max ${String(e.max).padStart(5)} ms, ${String(e.total).padStart(6)} ms  ${k}`,
        );
      }
    }
  } finally {
    await server.kill('SIGTERM');
    // --server-log DIR: the server's whole log (request lines carry the server's own time per request).
    if (values['server-log'])
      await writeFile(
        path.join(values['server-log'], `${label.split(' ')[0]}${env.BILLING_WORKER_NICE ?? ''}-${Date.now()}.log`),
        server.output(),
      );
  }
}

async function embedded(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bc-bench-resp-'));
  try {
    const dataDir = path.join(dir, 'data');
    const database = await openDatabase({ dataDir });
    let key: string;
    try {
      key = await prepare(database, async (csv) => {
        await (database.pglite as PGlite).query(
          `COPY time_entries (${TIME_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`,
          [],
          { blob: new Blob([...csv]) },
        );
      });
    } finally {
      await database.close();
    }
    await measureServers(
      'PGlite (embedded, served from a worker thread)',
      { BILLING_DATA_DIR: dataDir, BILLING_SLOW_STATEMENT_MS: process.env.SLOW_MS ?? '50' },
      key,
      100,
    );
  } finally {
    if (values['keep-database']) console.log(`kept: ${path.join(dir, 'data')}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

async function postgres(url: string): Promise<void> {
  const name = `bench_resp_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  try {
    const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 2 });
    let key: string;
    try {
      key = await prepare(database, async (csv) => {
        const client = new pg.Client({ connectionString: dbUrl });
        await client.connect();
        await pipeline(
          Readable.from(csv),
          client.query(copyFrom(`COPY time_entries (${TIME_COLUMNS}) FROM STDIN WITH (FORMAT csv)`)),
        );
        await client.end();
      });
    } finally {
      await database.close();
    }
    await measureServers(`PostgreSQL (${new URL(url).host})`, { DATABASE_URL: dbUrl }, key, 25);
  } finally {
    // --keep-database: left for a closer look (its URL is printed); dropped otherwise.
    if (values['keep-database']) console.log(`kept: ${dbUrl}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

console.log(
  `bench/responsiveness  node ${process.version}  ${new Date().toISOString()}  load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (!values['skip-pglite']) await embedded();
const url = loadConfig().DATABASE_URL;
if (url) await postgres(url);
else console.log('\nPostgreSQL: skipped (set DATABASE_URL; ../shared/recipes/postgres-pgvector.sh starts a server)');
